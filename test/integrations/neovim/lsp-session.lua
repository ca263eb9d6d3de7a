-- A session of Neovim's built-in LSP client against the kubetier language server, run headless by
-- test/integrations/neovim.test.ts. It opens a manifest, waits for diagnostics, hovers, asks for the
-- quick-fix of one diagnostic and applies it, then asks for "fix all" (a source action) and applies
-- it; what it saw goes to a JSON file the test asserts on. Works with Neovim 0.7 (Debian 12) and later.
-- Environment: KUBETIER_CMD (JSON list), KUBETIER_ROOT, KUBETIER_MANIFEST, KUBETIER_RULE and KUBETIER_SEVERITY
-- (the diagnostic to act on, with the LSP severity the settings give it), KUBETIER_RESULT,
-- KUBETIER_INIT_OPTIONS and KUBETIER_SETTINGS (JSON objects, optional).
local env = vim.env
local result = { steps = {} }
local WAIT_MS = 60000

local function decode(name)
  local raw = env[name]
  if raw == nil or raw == '' then return nil end
  return vim.fn.json_decode(raw)
end

local function step(name, value)
  table.insert(result.steps, name)
  result[name] = value
end

local function wait_for(what, condition)
  if not vim.wait(WAIT_MS, condition, 50) then error('timed out waiting for ' .. what) end
end

-- Diagnostics as the server sent them (LSP form), whatever Neovim version stores them.
local function lsp_diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data and d.user_data.lsp) or {}
    table.insert(out, {
      line = d.lnum, character = d.col, end_line = d.end_lnum, end_character = d.end_col,
      severity = d.severity, message = d.message, source = d.source or lsp.source,
      code = d.code or lsp.code, data = lsp.data,
    })
  end
  return out
end

local function has_code(diagnostics, code)
  for _, d in ipairs(diagnostics) do if d.code == code then return d end end
  return nil
end

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, WAIT_MS)
  if not responses then error(method .. ' failed: ' .. tostring(err)) end
  for _, response in pairs(responses) do
    if response.error then error(method .. ' error: ' .. vim.inspect(response.error)) end
    return response.result
  end
  return nil
end

local function to_lsp(d)
  return {
    range = { start = { line = d.line, character = d.character }, ['end'] = { line = d.end_line, character = d.end_character } },
    severity = d.severity, message = d.message, source = d.source, code = d.code, data = d.data,
  }
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

local function session()
  local rule = env.KUBETIER_RULE
  local client_id = vim.lsp.start_client({
    name = 'kubetier',
    cmd = decode('KUBETIER_CMD'),
    root_dir = env.KUBETIER_ROOT,
    init_options = decode('KUBETIER_INIT_OPTIONS'),
    settings = decode('KUBETIER_SETTINGS') or {},
    -- What nvim-lspconfig does on init: push the settings (Neovim 0.7 answers workspace/configuration
    -- but does not advertise it, so servers fall back to pushed settings).
    on_init = function(client)
      if next(client.config.settings) then client.notify('workspace/didChangeConfiguration', { settings = client.config.settings }) end
    end,
  })
  if not client_id then error('the language server did not start') end
  vim.cmd('edit ' .. vim.fn.fnameescape(env.KUBETIER_MANIFEST))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  local uri = vim.uri_from_bufnr(bufnr)
  local client = vim.lsp.get_client_by_id(client_id)

  -- The first lint may come before the settings do: wait for the severity the settings give.
  local severity = tonumber(env.KUBETIER_SEVERITY)
  wait_for(rule .. ' at severity ' .. severity, function()
    local found = has_code(lsp_diagnostics(bufnr), rule)
    return found ~= nil and found.severity == severity
  end)
  local diagnostics = lsp_diagnostics(bufnr)
  step('diagnostics', diagnostics)
  local target = has_code(diagnostics, rule)

  local hover = request(bufnr, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = target.line, character = target.character } })
  step('hover', hover and hover.contents)

  local actions = request(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = to_lsp(target).range,
    context = { diagnostics = { to_lsp(target) } },
  }) or {}
  local titles = {}
  local quick_fix
  for _, action in ipairs(actions) do
    table.insert(titles, { title = action.title, kind = action.kind })
    if quick_fix == nil and action.kind == 'quickfix' and action.edit and action.diagnostics and action.diagnostics[1] and action.diagnostics[1].code == rule then
      quick_fix = action
    end
  end
  step('actions', titles)
  if not quick_fix then error('no quick-fix offered for ' .. rule) end
  vim.lsp.util.apply_workspace_edit(quick_fix.edit, client.offset_encoding or 'utf-16')
  -- Neovim sends the edit to the server (didChange) itself; the server lints the new text.
  wait_for('diagnostics without ' .. rule, function() return has_code(lsp_diagnostics(bufnr), rule) == nil end)
  step('after_quick_fix', { text = buffer_text(bufnr), diagnostics = lsp_diagnostics(bufnr) })

  local fix_all = request(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 } },
    context = { diagnostics = {}, only = { 'source.fixAll' } },
  }) or {}
  step('fix_all_actions', vim.tbl_map(function(action) return { title = action.title, kind = action.kind } end, fix_all))
  if fix_all[1] == nil or fix_all[1].edit == nil then error('no fix-all source action') end
  local before = #lsp_diagnostics(bufnr)
  vim.lsp.util.apply_workspace_edit(fix_all[1].edit, client.offset_encoding or 'utf-16')
  wait_for('diagnostics after fix all', function() return #lsp_diagnostics(bufnr) < before end)
  step('after_fix_all', { text = buffer_text(bufnr), diagnostics = lsp_diagnostics(bufnr) })

  vim.lsp.stop_client(client_id)
  wait_for('the server to stop', function() return vim.lsp.client_is_stopped(client_id) end)
  step('stopped', true)
end

local ok, err = pcall(session)
if not ok then result.error = tostring(err) end
local file = io.open(env.KUBETIER_RESULT, 'w')
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qa!')

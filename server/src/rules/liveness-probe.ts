import { missingProbeRule } from './support/probes';

export default missingProbeRule({
  id: 'liveness-probe',
  field: 'livenessProbe',
  title: 'Long-running containers have a liveness probe',
  rationale:
    'Without a liveness probe a container that deadlocks or hangs keeps running and keeps receiving traffic: the kubelet restarts only processes that exit.',
  remediation:
    'Add a livenessProbe that checks only that the process itself works (httpGet /healthz, or tcpSocket on its port). The quick fix probes the first declared port (httpGet /healthz when the port looks like HTTP, gRPC for grpc ports, else tcpSocket); with no declared port it offers nothing rather than guess one.',
  consequence: 'if it hangs, nothing restarts it',
});

import { getPath, isSet, isWorkload } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

/** Five minutes: a run that cannot start within them is skipped rather than started late. */
const DEADLINE_SECONDS = 300;

export default defineRule({
  id: 'cronjob-starting-deadline',
  title: 'CronJobs set a starting deadline',
  category: 'health',
  tiers: { 2: 'warning' },
  rationale:
    'Without spec.startingDeadlineSeconds the CronJob controller counts every missed schedule since the last run: after more than 100 misses (the controller or the cluster was down, or the CronJob was suspended) it stops scheduling the CronJob altogether ("too many missed start times"), and late runs start whenever the controller comes back.',
  remediation: 'Set spec.startingDeadlineSeconds shorter than the schedule interval (for example 300 for an hourly job).',
  appliesTo: (object) => isWorkload(object) && object.kind === 'CronJob',
  skipPatches: true,
  tierNote: true,
  check({ object, report }) {
    if (isSet(getPath(object.value, ['spec', 'startingDeadlineSeconds']))) return;
    report({
      path: ['spec', 'schedule'],
      message: 'The CronJob has no spec.startingDeadlineSeconds: after 100 missed schedules it stops running, and late runs start whenever the controller catches up',
      advice: `Set spec.startingDeadlineSeconds shorter than the schedule interval (for example ${DEADLINE_SECONDS}).`,
    });
  },
  fix: {
    title: `Set startingDeadlineSeconds: ${DEADLINE_SECONDS}`,
    // The right deadline depends on the schedule interval: offered one by one.
    safe: false,
    operations: () => [{ op: 'set', path: ['spec', 'startingDeadlineSeconds'], value: DEADLINE_SECONDS }],
  },
});

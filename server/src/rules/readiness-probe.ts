import { missingProbeRule } from './support/probes';

export default missingProbeRule({
  id: 'readiness-probe',
  field: 'readinessProbe',
  title: 'Long-running containers have a readiness probe',
  rationale:
    'Without a readiness probe a pod receives traffic as soon as its process starts, before it can serve, and keeps receiving it while overloaded; rolling updates cannot tell a good new version from a broken one.',
  remediation:
    'Add a readinessProbe that checks the container can serve now (httpGet /ready, or tcpSocket on its port). The quick fix probes the first declared port (httpGet /ready when the port looks like HTTP, gRPC for grpc ports, else tcpSocket); with no declared port it offers nothing rather than guess one.',
  consequence: 'it gets traffic before it can serve and during rollouts',
  unservedConsequence: 'a rolling update moves on to the next node before the new pod works',
});

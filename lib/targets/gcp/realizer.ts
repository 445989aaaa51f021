import type { Construct } from "constructs";
import type { Realizer } from "../../core/realizer";
import { registerRealizer } from "../../core/registry";
import { GcpFoundation } from "./foundation";
import { gcpBucket } from "./kinds/bucket";
import { gcpDnsZone } from "./kinds/dns-zone";
import { gcpKey } from "./kinds/key";
import { gcpKubernetes } from "./kinds/kubernetes";
import { gcpLogSink } from "./kinds/log-sink";
import { gcpPostgres } from "./kinds/postgres";
import { gcpPublicEndpoint } from "./kinds/public-endpoint";
import { gcpSecret } from "./kinds/secret";
import { gcpVmGroup } from "./kinds/vm-group";
import { type GcpNetwork, gcpNetwork } from "./network";
import { configureGcpStack } from "./stack";
import { gcpConfidentialSupport } from "./confidential";
import type { GcpTarget } from "./target";

export const gcpRealizer: Realizer<GcpFoundation, GcpNetwork> = {
  configureStack: configureGcpStack,
  foundation: (scope: Construct, ctx) => new GcpFoundation(scope, ctx),
  network: gcpNetwork,
  kinds: {
    key: gcpKey,
    "log-sink": gcpLogSink,
    secret: gcpSecret,
    "dns-zone": gcpDnsZone,
    bucket: gcpBucket,
    postgres: gcpPostgres,
    kubernetes: gcpKubernetes,
    "vm-group": gcpVmGroup,
    "public-endpoint": gcpPublicEndpoint,
  },
  confidentialCompute: (target) => gcpConfidentialSupport((target as GcpTarget).universe, target.region),
};

registerRealizer("gcp", gcpRealizer);

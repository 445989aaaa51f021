import type { Construct } from "constructs";
import type { Realizer } from "../../core/realizer";
import { registerRealizer } from "../../core/registry";
import { SovereignFoundation } from "./foundation";
import { sovereignBucket } from "./kinds/bucket";
import { sovereignDnsZone } from "./kinds/dns-zone";
import { sovereignKey } from "./kinds/key";
import { sovereignKubernetes } from "./kinds/kubernetes";
import { sovereignLogSink } from "./kinds/log-sink";
import { sovereignPostgres } from "./kinds/postgres";
import { sovereignPublicEndpoint } from "./kinds/public-endpoint";
import { sovereignSecret } from "./kinds/secret";
import { sovereignVmGroup } from "./kinds/vm-group";
import { type SovereignNetwork, sovereignNetwork } from "./network";
import { configureSovereignStack } from "./stack";
import { sovereignConfidentialSupport } from "./confidential";
import type { SovereignTarget } from "./target";

export const sovereignRealizer: Realizer<SovereignFoundation, SovereignNetwork> = {
  configureStack: configureSovereignStack,
  foundation: (scope: Construct, ctx) => new SovereignFoundation(scope, ctx),
  network: sovereignNetwork,
  kinds: {
    key: sovereignKey,
    "log-sink": sovereignLogSink,
    secret: sovereignSecret,
    "dns-zone": sovereignDnsZone,
    bucket: sovereignBucket,
    postgres: sovereignPostgres,
    kubernetes: sovereignKubernetes,
    "vm-group": sovereignVmGroup,
    "public-endpoint": sovereignPublicEndpoint,
  },
  confidentialCompute: (target) => sovereignConfidentialSupport(target as SovereignTarget),
};

registerRealizer("sovereign", sovereignRealizer);

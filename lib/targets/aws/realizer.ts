import type { Construct } from "constructs";
import type { Realizer } from "../../core/realizer";
import { registerRealizer } from "../../core/registry";
import { AwsFoundation } from "./foundation";
import { awsBucket } from "./kinds/bucket";
import { awsDnsZone } from "./kinds/dns-zone";
import { awsKey } from "./kinds/key";
import { awsKubernetes } from "./kinds/kubernetes";
import { awsLogSink } from "./kinds/log-sink";
import { awsPostgres } from "./kinds/postgres";
import { awsPublicEndpoint } from "./kinds/public-endpoint";
import { awsSecret } from "./kinds/secret";
import { awsVmGroup } from "./kinds/vm-group";
import { type AwsNetwork, awsNetwork } from "./network";
import { configureAwsStack } from "./stack";
import { awsConfidentialSupport } from "./confidential";
import type { AwsTarget } from "./target";

export const awsRealizer: Realizer<AwsFoundation, AwsNetwork> = {
  configureStack: configureAwsStack,
  foundation: (scope: Construct, ctx) => new AwsFoundation(scope, ctx),
  network: awsNetwork,
  kinds: {
    key: awsKey,
    "log-sink": awsLogSink,
    secret: awsSecret,
    "dns-zone": awsDnsZone,
    bucket: awsBucket,
    postgres: awsPostgres,
    kubernetes: awsKubernetes,
    "vm-group": awsVmGroup,
    "public-endpoint": awsPublicEndpoint,
  },
  confidentialCompute: (target) => awsConfidentialSupport(target as AwsTarget),
};

registerRealizer("aws", awsRealizer);

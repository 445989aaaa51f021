import type { Construct } from "constructs";
import type { Realizer } from "../../core/realizer";
import { registerRealizer } from "../../core/registry";
import { AzureFoundation } from "./foundation";
import { azureBucket } from "./kinds/bucket";
import { azureDnsZone } from "./kinds/dns-zone";
import { azureKey } from "./kinds/key";
import { azureKubernetes } from "./kinds/kubernetes";
import { azureLogSink } from "./kinds/log-sink";
import { azurePostgres } from "./kinds/postgres";
import { azurePublicEndpoint } from "./kinds/public-endpoint";
import { azureSecret } from "./kinds/secret";
import { azureVmGroup } from "./kinds/vm-group";
import { type AzureNetwork, azureNetwork } from "./network";
import { configureAzureStack } from "./stack";
import { azureConfidentialSupport } from "./confidential";
import type { AzureTarget } from "./target";

export const azureRealizer: Realizer<AzureFoundation, AzureNetwork> = {
  configureStack: configureAzureStack,
  foundation: (scope: Construct, ctx) => new AzureFoundation(scope, ctx),
  network: azureNetwork,
  kinds: {
    key: azureKey,
    "log-sink": azureLogSink,
    secret: azureSecret,
    "dns-zone": azureDnsZone,
    bucket: azureBucket,
    postgres: azurePostgres,
    kubernetes: azureKubernetes,
    "vm-group": azureVmGroup,
    "public-endpoint": azurePublicEndpoint,
  },
  confidentialCompute: (target) => azureConfidentialSupport(target as AzureTarget),
};

registerRealizer("azure", azureRealizer);

import type { ObjectBucketProps } from "../kinds/bucket";
import type { DnsZoneProps } from "../kinds/dns-zone";
import type { EncryptionKeyProps } from "../kinds/key";
import type { KubernetesClusterProps } from "../kinds/kubernetes";
import type { LogSinkProps } from "../kinds/log-sink";
import type { PostgresDatabaseProps } from "../kinds/postgres";
import type { PublicEndpointProps } from "../kinds/public-endpoint";
import type { SecretProps } from "../kinds/secret";
import type { VirtualMachineGroupProps } from "../kinds/vm-group";

interface Common {
  /** Pins a strategy instead of the best the target offers. @default the target's best */
  readonly strategy?: string;
}

export type KeySpec = { readonly kind: "key" } & EncryptionKeyProps & Common;
export type LogSinkSpec = { readonly kind: "log-sink" } & LogSinkProps & Common;
export type SecretSpec = { readonly kind: "secret" } & SecretProps & Common;
export type DnsZoneSpec = { readonly kind: "dns-zone" } & DnsZoneProps & Common;
export type BucketSpec = { readonly kind: "bucket" } & ObjectBucketProps & Common;
export type PostgresSpec = { readonly kind: "postgres" } & PostgresDatabaseProps & Common;
export type KubernetesSpec = { readonly kind: "kubernetes" } & KubernetesClusterProps & Common;
export type VmGroupSpec = { readonly kind: "vm-group" } & VirtualMachineGroupProps & Common;
export type PublicEndpointSpec = { readonly kind: "public-endpoint" } & PublicEndpointProps & Common;

import type { FieldReader } from "../shared/validate";
import { readBucket, type ResolvedBucket } from "./bucket";
import { readDnsZone, type ResolvedDnsZone } from "./dns-zone";
import { readKey, type ResolvedKey } from "./key";
import type { ComponentKind } from "./kind-names";
import { readKubernetes, type ResolvedKubernetes } from "./kubernetes";
import { readLogSink, type ResolvedLogSink } from "./log-sink";
import { readPostgres, type ResolvedPostgres } from "./postgres";
import { readPublicEndpoint, type ResolvedPublicEndpoint } from "./public-endpoint";
import { readSecret, type ResolvedSecret } from "./secret";
import { readVmGroup, type ResolvedVmGroup } from "./vm-group";

export type ResolvedComponent =
  | ResolvedKey
  | ResolvedLogSink
  | ResolvedSecret
  | ResolvedDnsZone
  | ResolvedBucket
  | ResolvedPostgres
  | ResolvedKubernetes
  | ResolvedVmGroup
  | ResolvedPublicEndpoint;

/** Resolved props of one kind. */
export type ResolvedOf<K extends ComponentKind> = Extract<ResolvedComponent, { kind: K }>;

export const KIND_READERS: { [K in ComponentKind]: (r: FieldReader, name: string) => ResolvedOf<K> } = {
  key: readKey,
  "log-sink": readLogSink,
  secret: readSecret,
  "dns-zone": readDnsZone,
  bucket: readBucket,
  postgres: readPostgres,
  kubernetes: readKubernetes,
  "vm-group": readVmGroup,
  "public-endpoint": readPublicEndpoint,
};

export * from "./kind-names";
export type {
  ResolvedBucket,
  ResolvedDnsZone,
  ResolvedKey,
  ResolvedKubernetes,
  ResolvedLogSink,
  ResolvedPostgres,
  ResolvedPublicEndpoint,
  ResolvedSecret,
  ResolvedVmGroup,
};

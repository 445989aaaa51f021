/**
 * What an OpenStack cloud runs, as named in `targets.sovereign({ services })`. Sovereign Cloud
 * Stack (SCS) makes the first seven mandatory; the rest are optional and often absent.
 */
export interface SovereignServices {
  /** Nova. @default true */
  readonly compute?: boolean;
  /** Neutron. @default true */
  readonly network?: boolean;
  /** Cinder. @default true */
  readonly blockStorage?: boolean;
  /** Glance. @default true */
  readonly images?: boolean;
  /** Keystone. @default true */
  readonly identity?: boolean;
  /** Octavia load balancers. @default true */
  readonly loadBalancer?: boolean;
  /** S3-compatible object storage (e.g. Ceph RGW), reached at the target's `s3Endpoint`. @default true */
  readonly s3?: boolean;
  /** Designate DNS. @default false */
  readonly dns?: boolean;
  /** Barbican key manager. @default false */
  readonly keyManager?: boolean;
  /** Swift object storage API. @default false */
  readonly swift?: boolean;
  /** Trove databases. @default false */
  readonly database?: boolean;
  /** Magnum Kubernetes. @default false */
  readonly kubernetes?: boolean;
}

export type ServiceName = keyof SovereignServices;
export type ResolvedServices = Readonly<Record<ServiceName, boolean>>;

/** The SCS mandatory set is on, everything optional off. */
export const SCS_DEFAULT_SERVICES: ResolvedServices = {
  compute: true,
  network: true,
  blockStorage: true,
  images: true,
  identity: true,
  loadBalancer: true,
  s3: true,
  dns: false,
  keyManager: false,
  swift: false,
  database: false,
  kubernetes: false,
};

export const SERVICE_NAMES = Object.keys(SCS_DEFAULT_SERVICES) as ServiceName[];

/** The OpenStack project behind each service, for error messages. */
export const SERVICE_LABELS: Readonly<Record<ServiceName, string>> = {
  compute: "Nova (services.compute)",
  network: "Neutron (services.network)",
  blockStorage: "Cinder (services.blockStorage)",
  images: "Glance (services.images)",
  identity: "Keystone (services.identity)",
  loadBalancer: "Octavia (services.loadBalancer)",
  s3: "S3-compatible object storage (services.s3)",
  dns: "Designate (services.dns)",
  keyManager: "Barbican (services.keyManager)",
  swift: "Swift (services.swift)",
  database: "Trove (services.database)",
  kubernetes: "Magnum (services.kubernetes)",
};

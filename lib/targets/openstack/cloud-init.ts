import { aptProxyConfig, proxyExports } from "./egress";
import type { ResolvedK3s } from "./k3s";

// cloud-init documents for the `vm` strategies. Pure text builders: every value comes in as a
// parameter (Terraform expressions allowed), so they are tested on their own. The shell inside
// never writes `${`, which Terraform would read as an interpolation in the JSON string.

/** A shell function that prints the device of a Cinder volume, waiting until it is attached. */
const WAIT_FOR_VOLUME = `volume_device() {
  for i in $(seq 1 120); do
    for d in /dev/disk/by-id/*"$1"*; do
      if [ -b "$d" ]; then readlink -f "$d"; return 0; fi
    done
    sleep 5
  done
  echo "volume $1 did not appear" >&2; return 1
}
mount_volume() {
  dev=$(volume_device "$1"); mnt="$2"
  blkid "$dev" >/dev/null || mkfs.ext4 -q -L "$3" "$dev"
  mkdir -p "$mnt"
  grep -q "$mnt " /etc/fstab || echo "UUID=$(blkid -s UUID -o value "$dev") $mnt ext4 defaults,nofail 0 2" >> /etc/fstab
  mount "$mnt"
}`;

/** Indents a block for a YAML literal (`content: |`). */
function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((l) => (l ? pad + l : l))
    .join("\n");
}

export interface PostgresCloudInit {
  readonly version: string;
  readonly databaseName: string;
  /** First 20 characters of the data volume's id (its virtio serial). */
  readonly dataVolumeSerial: string;
  readonly backupVolumeSerial: string;
  readonly backupRetentionDays: number;
  /** Client ranges allowed, over TLS only. */
  readonly clientCidrs: readonly string[];
  /** Classified app: the target's egress proxy, for apt and downloads. @default none */
  readonly proxy?: string;
  /** The app network, which the proxy is not used for. */
  readonly networkCidr?: string;
}

/** Where the generated admin password lives on the database instance (root only). */
export const POSTGRES_PASSWORD_FILE = "/etc/polder/postgres/polder_admin.password";

/**
 * PostgreSQL from the PGDG repository on the encrypted data volume; the `polder_admin` password
 * is generated on the machine at first boot and never leaves it (not in Terraform, not in its
 * state); TLS-only client access with SCRAM; nightly dumps to the backup volume, pruned after
 * the retention period.
 */
export function postgresCloudInit(p: PostgresCloudInit): string {
  const hba = p.clientCidrs.map((c) => `hostssl ${p.databaseName} all ${c} scram-sha-256`).join("\n");
  const script = `#!/bin/bash
set -euo pipefail
${p.proxy ? `${proxyExports(p.proxy, p.networkCidr ?? "")}\n` : ""}${WAIT_FOR_VOLUME}
mount_volume "${p.dataVolumeSerial}" /var/lib/postgresql pgdata
mount_volume "${p.backupVolumeSerial}" /var/backups/postgresql pgbackup
apt-get install -y postgresql-common openssl
/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y
apt-get install -y postgresql-${p.version}
conf=/etc/postgresql/${p.version}/main
cat >> $conf/postgresql.conf <<'CONF'
listen_addresses = '*'
ssl = on
ssl_min_protocol_version = 'TLSv1.2'
password_encryption = 'scram-sha-256'
log_connections = on
log_disconnections = on
log_min_duration_statement = 1000
CONF
cat >> $conf/pg_hba.conf <<'HBA'
${hba}
hostnossl all all 0.0.0.0/0 reject
HBA
umask 077
mkdir -p /etc/polder/postgres
[ -s ${POSTGRES_PASSWORD_FILE} ] || openssl rand -base64 33 | tr -d '\\n' > ${POSTGRES_PASSWORD_FILE}
systemctl restart postgresql
sudo -u postgres psql -v ON_ERROR_STOP=1 -v pw="$(cat ${POSTGRES_PASSWORD_FILE})" <<'SQL'
CREATE ROLE polder_admin LOGIN CREATEDB CREATEROLE PASSWORD :'pw';
CREATE DATABASE ${p.databaseName} OWNER polder_admin;
SQL
chown postgres:postgres /var/backups/postgresql
cat > /etc/cron.d/polder-postgres-backup <<'CRON'
15 2 * * * postgres pg_dump -Fc -f /var/backups/postgresql/${p.databaseName}-$(date +\\%F).dump ${p.databaseName} && find /var/backups/postgresql -name '*.dump' -mtime +${p.backupRetentionDays} -delete
CRON
`;
  return `#cloud-config
${p.proxy ? `${aptProxyConfig(p.proxy)}\n` : ""}package_update: true
package_upgrade: true
packages: [unattended-upgrades]
write_files:
  - path: /usr/local/sbin/polder-postgres-setup
    permissions: "0700"
    content: |
${indent(script, 6)}
runcmd:
  - [/usr/local/sbin/polder-postgres-setup]
`;
}

export interface K3sCloudInit {
  readonly role: "server" | "agent";
  /** The first server starts the cluster; the others join through `serverUrl`. */
  readonly init: boolean;
  /** The pinned release and where it comes from. */
  readonly k3s: ResolvedK3s;
  /**
   * Join token, a Terraform expression generated at apply time: the server token for servers,
   * the agent token (joins agents only, never servers) for agents.
   */
  readonly token: string;
  /** Servers only: the agent token they accept from agents. */
  readonly agentToken?: string;
  /** `https://<api load balancer VIP>:6443`. */
  readonly serverUrl: string;
  /** Address the API certificate must be valid for (the VIP). */
  readonly apiAddress: string;
  /** Servers only: the port a public endpoint sends HTTP to on every worker (Traefik's web entry point as a host port). */
  readonly ingressPort?: number;
  /** Classified app: the target's egress proxy, for apt, the k3s download and image pulls. @default none */
  readonly proxy?: string;
  /** The app network, which the proxy is not used for. */
  readonly networkCidr?: string;
}

/** The k3s systemd unit, as the upstream install script writes it. */
function k3sUnit(role: "server" | "agent"): string {
  return `[Unit]
Description=Lightweight Kubernetes (k3s ${role})
Wants=network-online.target
After=network-online.target
[Service]
Type=${role === "server" ? "notify" : "exec"}
EnvironmentFile=-/etc/default/k3s
KillMode=process
Delegate=yes
LimitNOFILE=1048576
LimitNPROC=infinity
LimitCORE=infinity
TasksMax=infinity
TimeoutStartSec=0
Restart=always
RestartSec=5s
ExecStartPre=-/sbin/modprobe br_netfilter
ExecStartPre=-/sbin/modprobe overlay
ExecStart=/usr/local/bin/k3s ${role}
[Install]
WantedBy=multi-user.target`;
}

/**
 * Installs the pinned k3s: downloads the binary and the release's published `sha256sum-<arch>.txt`
 * from the target's source (an internal mirror, or upstream), refuses a binary whose sum does not
 * match, or, on a prepared image, only checks that the installed binary is that release.
 */
export function k3sInstallScript(k3s: ResolvedK3s, role: "server" | "agent", proxy?: string, networkCidr = ""): string {
  const base = `${k3s.mirrorUrl}/${encodeURIComponent(k3s.version)}`;
  const fetch = k3s.preinstalled
    ? ""
    : `arch=$(dpkg --print-architecture)
bin=k3s; [ "$arch" = arm64 ] && bin=k3s-arm64
tmp=$(mktemp -d)
curl -fsSL --retry 5 -o "$tmp/$bin" "${base}/$bin"
curl -fsSL --retry 5 -o "$tmp/sha256sums" "${base}/sha256sum-$arch.txt"
(cd "$tmp" && grep " $bin$" sha256sums | sha256sum -c -)
install -m 0755 "$tmp/$bin" /usr/local/bin/k3s
rm -rf "$tmp"
`;
  return `#!/bin/sh
set -eu
${proxy ? `${proxyExports(proxy, networkCidr)}\n` : ""}${fetch}/usr/local/bin/k3s --version | grep -qF "${k3s.version}" || { echo "k3s is not ${k3s.version}" >&2; exit 1; }
systemctl daemon-reload
systemctl enable --now k3s-${role}
`;
}

/**
 * k3s with embedded etcd, the pinned release checked against its published sums (see
 * k3sInstallScript), Kubernetes secrets encrypted at rest by k3s (secrets-encryption: an
 * AES-CBC key k3s generates on the first server, kept on its encrypted boot volume), servers
 * tainted so workloads run on the workers only, workers joining with the agent token, the
 * kubeconfig readable by root only, no built-in load balancer (Octavia does that).
 */
export function k3sCloudInit(p: K3sCloudInit): string {
  const config =
    p.role === "server"
      ? [
          `token: "${p.token}"`,
          ...(p.agentToken ? [`agent-token: "${p.agentToken}"`] : []),
          p.init ? "cluster-init: true" : `server: "${p.serverUrl}"`,
          `tls-san: ["${p.apiAddress}"]`,
          "secrets-encryption: true",
          'write-kubeconfig-mode: "0600"',
          'disable: ["servicelb"]',
          'node-taint: ["node-role.kubernetes.io/control-plane=true:NoSchedule"]',
        ]
      : [`token: "${p.token}"`, `server: "${p.serverUrl}"`];
  const traefik =
    p.role === "server" && p.ingressPort
      ? `
  - path: /var/lib/rancher/k3s/server/manifests/polder-traefik.yaml
    permissions: "0600"
    content: |
${indent(traefikConfig(p.ingressPort), 6)}`
      : "";
  // k3s reads the proxy for image pulls from its unit's environment file; not for the cluster's own ranges.
  const k3sProxy = p.proxy
    ? `
  - path: /etc/default/k3s
    permissions: "0600"
    content: |
${indent(proxyExports(p.proxy, `${p.networkCidr ?? ""},10.42.0.0/16,10.43.0.0/16,.svc,.cluster.local`).replace(/^export /, "").split(" ").join("\n"), 6)}`
    : "";
  return `#cloud-config
${p.proxy ? `${aptProxyConfig(p.proxy)}\n` : ""}package_update: true
package_upgrade: true
packages: [unattended-upgrades, curl]
write_files:${k3sProxy}
  - path: /etc/rancher/k3s/config.yaml
    permissions: "0600"
    content: |
${indent(config.join("\n"), 6)}
  - path: /etc/systemd/system/k3s-${p.role}.service
    content: |
${indent(k3sUnit(p.role), 6)}
  - path: /usr/local/sbin/polder-k3s-install
    permissions: "0700"
    content: |
${indent(k3sInstallScript(p.k3s, p.role, p.proxy, p.networkCidr), 6)}${traefik}
runcmd:
  - [/usr/local/sbin/polder-k3s-install]
`;
}

/** k3s's Traefik on every worker, its web entry point on `port` of the host: where the endpoint sends traffic. */
function traefikConfig(port: number): string {
  return `apiVersion: helm.cattle.io/v1
kind: HelmChartConfig
metadata:
  name: traefik
  namespace: kube-system
spec:
  valuesContent: |-
    deployment:
      kind: DaemonSet
    ports:
      web:
        hostPort: ${port}
    service:
      type: ClusterIP`;
}

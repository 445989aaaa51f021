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
${WAIT_FOR_VOLUME}
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
package_update: true
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
  /** Kubernetes minor version, e.g. "1.33" (k3s release channel). */
  readonly version: string;
  /** Join token, a Terraform expression generated at apply time. */
  readonly token: string;
  /** `https://<api load balancer VIP>:6443`. */
  readonly serverUrl: string;
  /** Address the API certificate must be valid for (the VIP). */
  readonly apiAddress: string;
}

/**
 * k3s with embedded etcd, Kubernetes secrets encrypted at rest (`secrets-encryption`), the
 * kubeconfig readable by root only, no built-in load balancer (Octavia does that).
 */
export function k3sCloudInit(p: K3sCloudInit): string {
  const config =
    p.role === "server"
      ? [
          `token: "${p.token}"`,
          p.init ? "cluster-init: true" : `server: "${p.serverUrl}"`,
          `tls-san: ["${p.apiAddress}"]`,
          "secrets-encryption: true",
          'write-kubeconfig-mode: "0600"',
          'disable: ["servicelb"]',
        ]
      : [`token: "${p.token}"`, `server: "${p.serverUrl}"`];
  return `#cloud-config
package_update: true
package_upgrade: true
packages: [unattended-upgrades, curl]
write_files:
  - path: /etc/rancher/k3s/config.yaml
    permissions: "0600"
    content: |
${indent(config.join("\n"), 6)}
runcmd:
  - [sh, -c, "curl -sfL https://get.k3s.io | INSTALL_K3S_CHANNEL=v${p.version} sh -s - ${p.role}"]
`;
}

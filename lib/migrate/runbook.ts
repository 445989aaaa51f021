// A migration runbook for one app from one target to another, built from both synthesized
// stacks: pre-checks, build the destination, move the data per component, cut over, verify,
// roll back, decommission. Pure: the stacks' JSON in, a runbook (steps with order, dependencies
// and commands) out; the CLI renders it as Markdown and JSON.
import type { ResolvedAppSpec } from "../app/spec";
import type { ResolvedComponent } from "../kinds";
import type { Target } from "../core/target";
import type { PlacementVerdict } from "../policy/placement";
import { factsFor } from "../report/provider-facts";
import { keysOf } from "../report/sovereignty-report";
import { connectionOf, type ConnectionValue, deletionProtections, fallbackOf, type StackJson, stackResources } from "../report/stack-json";
import { outputReads, outputValue, type StackRef } from "./commands";
import { movesFor, type SideContext } from "./move-facts";

/** Version of the runbook's JSON schema; bumped on any incompatible change. */
export const RUNBOOK_VERSION = 1;

export const PHASES = ["pre-checks", "build", "data", "cut-over", "verify", "roll-back", "decommission"] as const;
export type RunbookPhase = (typeof PHASES)[number];

/** One step: what to do, why, the commands, and the steps it waits for. */
export interface RunbookStep {
  /** Stable id, e.g. `data-orders-db`. */
  readonly id: string;
  /** Position in the runbook, from 1. */
  readonly order: number;
  readonly phase: RunbookPhase;
  readonly title: string;
  /** Component it concerns, or null. */
  readonly component: string | null;
  /** Ids of the steps that must be done first. */
  readonly dependsOn: readonly string[];
  /** What the step does and why, in sentences. */
  readonly notes: readonly string[];
  /** Shell commands, in order; `#` lines are instructions for a person. */
  readonly commands: readonly string[];
  /** The stack outputs the commands read. */
  readonly reads: readonly { stack: string; output: string; field?: string }[];
  /** True when the step is only run on a decision (a roll-back). */
  readonly conditional: boolean;
}

export interface StrategyChange {
  readonly component: string;
  readonly kind: string;
  readonly from: { readonly strategy: string; readonly fallback: string | null };
  readonly to: { readonly strategy: string; readonly fallback: string | null };
  readonly changed: boolean;
}

/** The migration runbook (JSON schema version 1; see README "Migration runbook"). */
export interface Runbook {
  readonly version: typeof RUNBOOK_VERSION;
  readonly app: { readonly name: string; readonly classification: string; readonly decision: string | null };
  readonly from: { readonly target: string; readonly kind: string; readonly stack: string; readonly dir: string };
  readonly to: { readonly target: string; readonly kind: string; readonly stack: string; readonly dir: string };
  readonly placement: { readonly allowed: boolean; readonly rule: string; readonly reason: string };
  readonly strategies: readonly StrategyChange[];
  /** Spec fields that do not carry over: overrides for the source's kind, pinned strategies. */
  readonly notCarriedOver: readonly { readonly component: string; readonly field: string; readonly detail: string }[];
  /** Differences in the `<component>_connection` outputs (there should be none). */
  readonly connectionContract: { readonly same: boolean; readonly differences: readonly string[]; readonly valueNotes: readonly string[] };
  readonly postgresMethod: "dump" | "logical";
  readonly verificationDays: number;
  readonly steps: readonly RunbookStep[];
}

export interface MigrationSide {
  readonly target: Target;
  readonly stack: StackRef;
  readonly json: StackJson;
}

export interface RunbookInput {
  readonly spec: ResolvedAppSpec;
  readonly from: MigrationSide;
  readonly to: MigrationSide;
  /** The destination's placement verdict (a refused one never gets here: the CLI stops with its rule). */
  readonly placement: PlacementVerdict;
  /** @default "dump" */
  readonly postgresMethod?: "dump" | "logical";
  /** Days between cut-over and decommission. @default 14 */
  readonly verificationDays?: number;
}

const CONNECTION_FIELDS = ["kind", "strategy", "host", "port", "name", "secret_ref", "url"];

function strategyOf(json: StackJson, component: string): { strategy: string; fallback: string | null } {
  const note = stackResources(json).find((r) => r.component === component && r.note)?.note;
  return { strategy: connectionOf(json, component)?.strategy ?? "unknown", fallback: fallbackOf(note) ?? null };
}

/** Compares the connection outputs of both stacks: same components, same fields, same kinds. */
export function compareConnections(spec: ResolvedAppSpec, from: StackJson, to: StackJson): { same: boolean; differences: string[]; valueNotes: string[] } {
  const differences: string[] = [];
  const valueNotes: string[] = [];
  for (const c of spec.components) {
    const a = connectionOf(from, c.name);
    const b = connectionOf(to, c.name);
    if (!a || !b) {
      differences.push(`${c.name}_connection: ${!a ? "missing at the source" : "missing at the destination"}`);
      continue;
    }
    const fa = Object.keys(a).sort().join(",");
    const fb = Object.keys(b).sort().join(",");
    if (fa !== fb) differences.push(`${c.name}_connection: fields ${fa} at the source, ${fb} at the destination`);
    if (fa !== CONNECTION_FIELDS.slice().sort().join(",")) differences.push(`${c.name}_connection: fields ${fa} are not the contract's ${CONNECTION_FIELDS.join(", ")}`);
    if (a.kind !== b.kind) differences.push(`${c.name}_connection: kind ${a.kind} at the source, ${b.kind} at the destination`);
    for (const f of ["port", "name"] as const)
      if (!a[f].includes("${") && !b[f].includes("${") && a[f] !== b[f]) valueNotes.push(`${c.name}_connection.${f}: '${a[f]}' at the source, '${b[f]}' at the destination (consumers that hard-code it instead of reading the output must change)`);
  }
  return { same: differences.length === 0, differences, valueNotes };
}

/** Builds the runbook. */
export function buildRunbook(input: RunbookInput): Runbook {
  const { spec, from, to } = input;
  const postgresMethod = input.postgresMethod ?? "dump";
  const verificationDays = input.verificationDays ?? 14;
  const steps: Omit<RunbookStep, "order" | "reads">[] = [];
  const add = (s: Omit<RunbookStep, "order" | "reads" | "conditional"> & { conditional?: boolean }) => {
    steps.push({ conditional: false, ...s });
    return s.id;
  };
  const src = movesFor(from.target);
  const dst = movesFor(to.target);
  const side = (s: MigrationSide, component: ResolvedComponent, which: "SRC" | "DST"): SideContext => ({
    stack: s.stack,
    target: s.target,
    json: s.json,
    component: component.name,
    connection: connectionOf(s.json, component.name) as ConnectionValue,
    side: which,
  });
  const conn = (s: MigrationSide, c: string, field: string) => outputValue(s.stack, `${c}_connection`, field);

  // ---- pre-checks
  const strategies: StrategyChange[] = spec.components.map((c) => {
    const a = strategyOf(from.json, c.name);
    const b = strategyOf(to.json, c.name);
    return { component: c.name, kind: c.kind, from: a, to: b, changed: a.strategy !== b.strategy };
  });
  const notCarriedOver = spec.components.flatMap((c) => [
    ...(c.overrides[from.target.id] && Object.keys(c.overrides[from.target.id]!).length && from.target.id !== to.target.id
      ? [{ component: c.name, field: `components.${c.name}.overrides.${from.target.id}`, detail: `${Object.keys(c.overrides[from.target.id]!).join(", ")}: applies to ${from.target.id} only; ${c.overrides[to.target.id] ? `the destination uses overrides.${to.target.id}` : `the destination uses its defaults (set overrides.${to.target.id} if needed)`}` }]
      : []),
    ...(c.strategy ? [{ component: c.name, field: `components.${c.name}.strategy`, detail: `pinned to '${c.strategy}' on both targets` }] : []),
  ]);
  const connectionContract = compareConnections(spec, from.json, to.json);
  const placement = add({
    id: "pre-placement",
    phase: "pre-checks",
    title: `Destination placement: allowed by rule ${input.placement.rule}`,
    component: null,
    dependsOn: [],
    notes: [
      `${spec.name} is classified ${spec.classification}; on ${to.target.description} the placement rule '${input.placement.rule}' allows it: ${input.placement.reason}.`,
      "A refused destination stops the plan before this runbook is written (polder plan-migration exits 1 naming the rule).",
    ],
    commands: [],
  });
  const capabilities = add({
    id: "pre-capabilities",
    phase: "pre-checks",
    title: "Capability and strategy differences",
    component: null,
    dependsOn: [placement],
    notes: [
      ...strategies.map((s) =>
        s.changed
          ? `${s.component} (${s.kind}): strategy changes from ${s.from.strategy} to ${s.to.strategy}${s.to.fallback ? ` (fallback at the destination: ${s.to.fallback})` : ""}${s.from.fallback ? ` (fallback at the source: ${s.from.fallback})` : ""}: operations that depend on the strategy (backups, scaling, access) change with it.`
          : `${s.component} (${s.kind}): same strategy ${s.to.strategy} on both.`,
      ),
      ...(notCarriedOver.length ? notCarriedOver.map((n) => `Does not carry over: ${n.field}: ${n.detail}.`) : ["No spec field or override is specific to the source: everything carries over."]),
    ],
    commands: [],
  });
  const contract = add({
    id: "pre-connection-contract",
    phase: "pre-checks",
    title: connectionContract.same ? "Connection contract: no differences" : "Connection contract: differences found",
    component: null,
    dependsOn: [placement],
    notes: [
      ...(connectionContract.same
        ? [`There are none: every component has the same ${"`<component>_connection`"} output (${CONNECTION_FIELDS.join(", ")}) with the same kind on both targets, so workloads that read them need no change; only the values differ.`]
        : connectionContract.differences),
      ...connectionContract.valueNotes,
    ],
    commands: [],
  });
  const backend = (j: StackJson) => Object.keys((j.terraform?.backend ?? {}) as object)[0] ?? "local";
  const state = add({
    id: "pre-state",
    phase: "pre-checks",
    title: "Both stacks synthesized, both states reachable",
    component: null,
    dependsOn: [placement],
    notes: [
      `Source stack ${from.stack.stackId} (state backend: ${backend(from.json)}), destination stack ${to.stack.stackId} (state backend: ${backend(to.json)}). They are separate states: nothing below changes the source's state until the decommission.`,
      ...(backend(from.json) === "local" || backend(to.json) === "local"
        ? ["A local state lives in the stack's folder under the synth's output folder, which every synth replaces: use remote state (POLDER_STATE_BUCKET) or keep a copy of the .tfstate files outside that folder before synthesizing again."]
        : []),
    ],
    commands: [`terraform -chdir=${from.stack.dir} init`, `terraform -chdir=${from.stack.dir} plan -detailed-exitcode  # 0: the source runs what its stack says; resolve any drift first`],
  });

  // ---- build
  const certificates = spec.components.filter((c) => c.kind === "public-endpoint").map((c) => ({ c, cert: dst.certificate(side(to, c, "DST")) }));
  const prereqCommands = certificates.flatMap(({ c, cert }) => (cert.beforeApply.length ? [`# ${c.name}: ${cert.note}`, ...cert.beforeApply] : []));
  const prerequisites = prereqCommands.length
    ? add({
        id: "build-prerequisites",
        phase: "build",
        title: "Destination prerequisites made out of band (before the apply)",
        component: null,
        dependsOn: [capabilities, contract, state],
        notes: ["The destination's apply needs these first (certificates: the Barbican container the stack's output names, or the ACM validation record while the source still serves the zone)."],
        commands: prereqCommands,
      })
    : undefined;
  const apply = add({
    id: "build-apply",
    phase: "build",
    title: `Apply the destination stack ${to.stack.stackId}`,
    component: null,
    dependsOn: [capabilities, contract, state, ...(prerequisites ? [prerequisites] : [])],
    notes: [`Only the destination changes: the source stack ${from.stack.stackId} and its state are not touched.`],
    commands: [`terraform -chdir=${to.stack.dir} init`, `terraform -chdir=${to.stack.dir} plan -out=migration.tfplan`, `terraform -chdir=${to.stack.dir} apply migration.tfplan`],
  });
  const setupCommands = [...dst.afterApply(to.stack, to.json), ...certificates.flatMap(({ c, cert }) => (cert.afterApply.length ? [`# ${c.name}: ${cert.note}`, ...cert.afterApply] : []))];
  const setup = setupCommands.length
    ? add({
        id: "build-setup",
        phase: "build",
        title: "Finish the destination as its outputs ask",
        component: null,
        dependsOn: [apply],
        notes: ["Steps the destination stack lists in its outputs (e.g. buckets created through the S3 API, certificate validation records)."],
        commands: setupCommands,
      })
    : undefined;
  const built = setup ?? apply;

  // ---- data, per component
  const dataSteps: string[] = [];
  const cutoverSteps: string[] = [];
  const verifySteps: string[] = [];
  const zones = spec.components.filter((c) => c.kind === "dns-zone");
  const lowerTtl = zones.map((z) =>
    add({
      id: `data-${z.name}-ttl`,
      phase: "data",
      title: `${z.name}: lower the TTLs one TTL ahead of the cut-over`,
      component: z.name,
      dependsOn: [built],
      notes: [
        `Set ttl: 60 on the records of ${z.kind === "dns-zone" ? z.domain : ""} in the spec and apply it to the source (${from.stack.stackId}) at least one old TTL (${Math.max(300, ...(z.kind === "dns-zone" ? z.records.map((r) => r.ttl) : [300]))} s) before the cut-over; the parent zone's NS records keep their own TTL (often 1-2 days): ask its operator to lower it as early.`,
      ],
      commands: [`terraform -chdir=${from.stack.dir} apply  # after synthesizing the spec with the lower ttl`],
    }),
  );

  for (const c of spec.components) {
    const s = side(from, c, "SRC");
    const d = side(to, c, "DST");
    const change = strategies.find((x) => x.component === c.name)!;
    if (c.kind === "postgres") {
      const creds = [...(src.postgresCredentials[change.from.strategy]?.(s) ?? [`# source credentials for strategy ${change.from.strategy}: not described for ${from.target.id}`]), ...(dst.postgresCredentials[change.to.strategy]?.(d) ?? [`# destination credentials for strategy ${change.to.strategy}: not described for ${to.target.id}`])];
      const srcUrl = conn(from, c.name, "url");
      const dstUrl = conn(to, c.name, "url");
      const version = [
        `PGUSER="$SRC_PGUSER" PGPASSWORD="$SRC_PGPASSWORD" psql "${srcUrl}" -Atc 'show server_version_num'`,
        `PGUSER="$DST_PGUSER" PGPASSWORD="$DST_PGPASSWORD" psql "${dstUrl}" -Atc 'show server_version_num'  # must be the same major version (spec: ${c.version}) or newer`,
      ];
      const db = conn(from, c.name, "name");
      // A dump of one database has no roles: the app's roles are copied first, without passwords
      // (managed services do not let anyone read them); their passwords are set again by their owners.
      const roles = [
        `PGUSER="$SRC_PGUSER" PGPASSWORD="$SRC_PGPASSWORD" pg_dumpall --roles-only --no-role-passwords --dbname="${srcUrl}" > ${c.name}-roles.sql  # review: keep the app's roles, drop the platform's (rds*, polder_admin, postgres)`,
        `PGUSER="$DST_PGUSER" PGPASSWORD="$DST_PGPASSWORD" psql "${dstUrl}" -f ${c.name}-roles.sql`,
      ];
      dataSteps.push(
        add({
          id: `data-${c.name}`,
          phase: "data",
          title: `${c.name} (postgres): ${postgresMethod === "logical" ? "start logical replication" : "rehearse dump and restore"}`,
          component: c.name,
          dependsOn: [built],
          notes: [
            "Run from a host that reaches both databases' private addresses (a migration host with a route or VPN into both networks); both require TLS.",
            `Strategy ${change.from.strategy} at the source, ${change.to.strategy} at the destination; the major version must match (spec version ${c.version}).`,
            "The app's roles are copied first, without their passwords (managed databases do not reveal them): their owners set them again at the destination. The admin credentials are each side's own.",
            postgresMethod === "logical"
              ? `Logical replication keeps the cut-over short. Source prerequisite: ${src.logicalReplication[change.from.strategy] ?? "wal_level = logical"}. Sequences are not replicated: they are set at the cut-over.`
              : "Dump and restore: a rehearsal now measures how long the final copy at the cut-over takes (the write freeze lasts that long). Use --postgres-method logical for a short freeze.",
          ],
          commands:
            postgresMethod === "logical"
              ? [
                  ...creds,
                  ...version,
                  ...roles,
                  `PGUSER="$SRC_PGUSER" PGPASSWORD="$SRC_PGPASSWORD" pg_dump --schema-only --no-owner --no-privileges --dbname="${srcUrl}" | PGUSER="$DST_PGUSER" PGPASSWORD="$DST_PGPASSWORD" psql --dbname="${dstUrl}" -v ON_ERROR_STOP=1`,
                  `PGUSER="$SRC_PGUSER" PGPASSWORD="$SRC_PGPASSWORD" psql "${srcUrl}" -c 'CREATE PUBLICATION polder_migration FOR ALL TABLES'`,
                  `PGUSER="$DST_PGUSER" PGPASSWORD="$DST_PGPASSWORD" psql "${dstUrl}" -c "CREATE SUBSCRIPTION polder_migration CONNECTION 'host=${conn(from, c.name, "host")} port=${conn(from, c.name, "port")} dbname=${db} user=$SRC_PGUSER password=$SRC_PGPASSWORD sslmode=require' PUBLICATION polder_migration"`,
                  `PGUSER="$DST_PGUSER" PGPASSWORD="$DST_PGPASSWORD" psql "${dstUrl}" -c 'SELECT subname, received_lsn, latest_end_lsn FROM pg_stat_subscription'  # repeat until it keeps up`,
                ]
              : [
                  ...creds,
                  ...version,
                  ...roles,
                  `PGUSER="$SRC_PGUSER" PGPASSWORD="$SRC_PGPASSWORD" pg_dump --format=custom --no-owner --no-privileges --dbname="${srcUrl}" --file=${c.name}.dump`,
                  `PGUSER="$DST_PGUSER" PGPASSWORD="$DST_PGPASSWORD" pg_restore --clean --if-exists --no-owner --no-privileges --jobs=4 --dbname="${dstUrl}" ${c.name}.dump`,
                ],
        }),
      );
      cutoverSteps.push(
        add({
          id: `cut-over-${c.name}`,
          phase: "cut-over",
          title: `${c.name} (postgres): final copy`,
          component: c.name,
          dependsOn: [`data-${c.name}`, "cut-over-freeze"],
          notes: [postgresMethod === "logical" ? "Writes are frozen: wait until the subscription has caught up, copy the sequences, then drop the subscription." : "Writes are frozen: dump and restore once more; this is the copy the destination goes live with."],
          commands:
            postgresMethod === "logical"
              ? [
                  `PGUSER="$SRC_PGUSER" PGPASSWORD="$SRC_PGPASSWORD" psql "${srcUrl}" -Atc "SELECT format('SELECT setval(%L, %s, true);', schemaname || '.' || sequencename, last_value) FROM pg_sequences WHERE last_value IS NOT NULL" > ${c.name}-sequences.sql`,
                  `PGUSER="$DST_PGUSER" PGPASSWORD="$DST_PGPASSWORD" psql "${dstUrl}" -v ON_ERROR_STOP=1 -f ${c.name}-sequences.sql`,
                  `PGUSER="$DST_PGUSER" PGPASSWORD="$DST_PGPASSWORD" psql "${dstUrl}" -c 'DROP SUBSCRIPTION polder_migration'`,
                ]
              : [
                  `PGUSER="$SRC_PGUSER" PGPASSWORD="$SRC_PGPASSWORD" pg_dump --format=custom --no-owner --no-privileges --dbname="${srcUrl}" --file=${c.name}-final.dump`,
                  `PGUSER="$DST_PGUSER" PGPASSWORD="$DST_PGPASSWORD" pg_restore --clean --if-exists --no-owner --no-privileges --jobs=4 --dbname="${dstUrl}" ${c.name}-final.dump`,
                ],
        }),
      );
      verifySteps.push(
        add({
          id: `verify-${c.name}`,
          phase: "verify",
          title: `${c.name} (postgres): row counts match`,
          component: c.name,
          dependsOn: [`cut-over-${c.name}`],
          notes: ["Exact row counts of every table on both sides, compared; any difference stops the cut-over."],
          commands: [
            `COUNT="SELECT string_agg(format('SELECT %L AS t, count(*) FROM %I.%I', schemaname||'.'||tablename, schemaname, tablename), ' UNION ALL ') FROM pg_tables WHERE schemaname NOT IN ('pg_catalog','information_schema')"`,
            `PGUSER="$SRC_PGUSER" PGPASSWORD="$SRC_PGPASSWORD" psql "${srcUrl}" -Atc "$COUNT" | PGUSER="$SRC_PGUSER" PGPASSWORD="$SRC_PGPASSWORD" psql "${srcUrl}" -At | sort > ${c.name}-source.counts`,
            `PGUSER="$DST_PGUSER" PGPASSWORD="$DST_PGPASSWORD" psql "${dstUrl}" -Atc "$COUNT" | PGUSER="$DST_PGUSER" PGPASSWORD="$DST_PGPASSWORD" psql "${dstUrl}" -At | sort > ${c.name}-destination.counts`,
            `diff ${c.name}-source.counts ${c.name}-destination.counts && echo "${c.name}: row counts match"`,
          ],
        }),
      );
    } else if (c.kind === "bucket" || c.kind === "log-sink") {
      const remotes = [...(src.rcloneRemote[change.from.strategy]?.(s) ?? [`# rclone remote 'src' for ${from.target.id} ${change.from.strategy}: not described`]), ...(dst.rcloneRemote[change.to.strategy]?.(d) ?? [`# rclone remote 'dst' for ${to.target.id} ${change.to.strategy}: not described`])];
      const srcPath = `src:${conn(from, c.name, "name")}`;
      const dstPath = `dst:${conn(to, c.name, "name")}`;
      if (c.kind === "bucket") {
        dataSteps.push(
          add({
            id: `data-${c.name}`,
            phase: "data",
            title: `${c.name} (bucket): first sync`,
            component: c.name,
            dependsOn: [built],
            notes: [
              "rclone copies the current version of every object and compares checksums (--checksum); objects are encrypted again by the destination on write.",
              c.versioning
                ? `Versioning is on: non-current versions (kept ${c.noncurrentVersionDays} days) stay in the source bucket until the decommission; copy them too (rclone --s3-versions, as timestamped objects) only if your records policy needs them at the destination.`
                : "Versioning is off: only current objects exist.",
            ],
            commands: [...remotes, `rclone sync "${srcPath}" "${dstPath}" --checksum --metadata --transfers 16 --progress`],
          }),
        );
        cutoverSteps.push(
          add({
            id: `cut-over-${c.name}`,
            phase: "cut-over",
            title: `${c.name} (bucket): final sync`,
            component: c.name,
            dependsOn: [`data-${c.name}`, "cut-over-freeze"],
            notes: ["Writes are frozen: the final sync copies what changed since the first and removes at the destination what was deleted at the source."],
            commands: [`rclone sync "${srcPath}" "${dstPath}" --checksum --metadata --transfers 16`],
          }),
        );
        verifySteps.push(
          add({
            id: `verify-${c.name}`,
            phase: "verify",
            title: `${c.name} (bucket): contents identical`,
            component: c.name,
            dependsOn: [`cut-over-${c.name}`],
            notes: ["Compares every object's content (--download: hashes of KMS-encrypted objects are not comparable across providers)."],
            commands: [`rclone check "${srcPath}" "${dstPath}" --download --one-way`],
          }),
        );
      } else {
        const retention = c.retentionDays;
        const intoBucket = dst.logStoreIsBucket[change.to.strategy] === true;
        dataSteps.push(
          add({
            id: `data-${c.name}`,
            phase: "data",
            title: `${c.name} (log-sink): old logs kept ${retention} days`,
            component: c.name,
            dependsOn: [built],
            notes: [
              `New logs go to the destination from the cut-over (its connection output${to.json.output?.[`${c.name}_log_shipping`] ? ` and ${c.name}_log_shipping` : ""}). Logs written before it must stay available for ${retention} days after the cut-over: until the date printed below.`,
              intoBucket
                ? "Either keep the source log store until then (see the decommission), or export it and copy it into the destination's log store (shown here), which then holds it for its own retention."
                : `The destination's log store (${change.to.strategy} on ${to.target.id}) cannot take the old logs as objects: keep the source log store until that date (see the decommission), or export it into an archive bucket at the destination (ARCHIVE_BUCKET, shown here) that keeps it as long.`,
            ],
            commands: [
              `date -u -d "+${retention} days" +%F  # run on the cut-over day: the old logs must be kept until this date`,
              ...(src.exportLogs[change.from.strategy]?.(s) ?? [`# export for ${from.target.id} ${change.from.strategy}: not described`]),
              ...(intoBucket ? remotes : remotes.filter((r) => r.startsWith("rclone config create src") || r.startsWith("# rclone remote 'src'"))),
              `rclone copy "${src.logStoreIsBucket[change.from.strategy] === false ? `src:$EXPORT_BUCKET/${c.name}` : srcPath}" "${intoBucket ? `${dstPath}/before-migration` : "archive:$ARCHIVE_BUCKET/" + c.name}" --checksum${intoBucket ? "" : "  # archive: an rclone remote for the destination's archive bucket"}`,
            ],
          }),
        );
      }
    } else if (c.kind === "secret") {
      dataSteps.push(
        add({
          id: `data-${c.name}`,
          phase: "data",
          title: `${c.name} (secret): re-enter the value at the destination`,
          component: c.name,
          dependsOn: [built],
          notes: [
            "The value never passes through Polder or Terraform: its owner reads it at the source and writes it at the destination, on a trusted workstation, and removes the file.",
            `Source reference: output ${c.name}_connection.secret_ref of ${from.stack.stackId}; destination reference: the same output of ${to.stack.stackId}.`,
          ],
          commands: [src.readSecret(s), dst.writeSecret(d), "shred -u value.txt"],
        }),
      );
    } else if (c.kind === "key") {
      const dstKeys = keysOf(to.target, c.kind, change.to.strategy, stackResources(to.json).filter((r) => r.component === c.name));
      dataSteps.push(
        add({
          id: `data-${c.name}`,
          phase: "data",
          title: `${c.name} (key): not exported; data re-encrypted at the destination`,
          component: c.name,
          dependsOn: [built],
          notes: [
            `Keys are never exported. Everything the data steps copy is encrypted again under the destination's keys as it is written (${dstKeys.map((k) => k.key).join(", ")}).`,
            "Whatever the app itself encrypted with this key (envelope encryption in the application) must be decrypted at the source and encrypted again with the destination key by the application, before the source key is scheduled for deletion.",
            "The source key stays enabled until the decommission: source backups and old object versions need it.",
          ],
          commands: [],
        }),
      );
    } else if (c.kind === "kubernetes" || c.kind === "vm-group") {
      dataSteps.push(
        add({
          id: `data-${c.name}`,
          phase: "data",
          title: `${c.name} (${c.kind}): redeploy the workloads at the destination`,
          component: c.name,
          dependsOn: [built],
          notes: [
            "Deploy the same workloads (images, manifests, configuration) at the destination, configured from the destination's connection outputs: the same output names and fields as at the source.",
            ...(change.changed ? [`The strategy changes (${change.from.strategy} → ${change.to.strategy}): check what the workloads assume of the platform (storage classes, load balancer annotations, workload identity, node images).`] : []),
          ],
          commands: (() => {
            const cluster = c.kind === "kubernetes" ? (dst.kubeconfig[change.to.strategy]?.(d) ?? { commands: [`# kubeconfig for ${to.target.id} ${change.to.strategy}: not described`], kubectl: "kubectl" }) : undefined;
            return [
              ...(cluster?.commands ?? []),
              `terraform -chdir=${to.stack.dir} output -json | jq 'with_entries(select(.key | endswith("_connection"))) | map_values(.value)' > destination-connections.json  # the configuration the workloads read`,
              ...(cluster
                ? [`${cluster.kubectl} apply -k ./deploy  # your manifests, with destination-connections.json as their configuration`, `${cluster.kubectl} get nodes && ${cluster.kubectl} get deployments -A`]
                : ["# roll your deployment out to the group's instances (configuration management or image), with destination-connections.json"]),
            ];
          })(),
        }),
      );
    }
  }

  // Endpoints whose destination attaches the workloads after they run (Google: GKE's standalone
  // NEGs, output <endpoint>_backend_setup): after the workloads are deployed, before the freeze.
  for (const c of spec.components) {
    if (c.kind !== "public-endpoint" || !to.json.output?.[`${c.name}_backend_setup`]) continue;
    const workload = spec.components.find((w) => w.name === c.backend);
    const cluster = workload?.kind === "kubernetes" ? dst.kubeconfig[strategyOf(to.json, workload.name).strategy]?.(side(to, workload, "DST")) : undefined;
    dataSteps.push(
      add({
        id: `data-${c.name}-backend`,
        phase: "data",
        title: `${c.name} (public endpoint): attach the workloads of ${c.backend} to the destination's load balancer`,
        component: c.name,
        dependsOn: workload ? [`data-${workload.name}`] : [built],
        notes: [
          `At the destination the cluster exposes ${c.backend}'s Service as network endpoint groups only once it runs: annotate the Service, wait for the groups, then add them to the endpoint's backend service. Until then the endpoint answers 503.`,
        ],
        commands: [
          ...(cluster?.commands ?? []),
          // The output holds the annotation as a manifest line (`name: 'value'`); kubectl wants name=value.
          `${cluster?.kubectl ?? "kubectl"} annotate service <${c.backend} service> -n <app namespace> --overwrite "$(terraform -chdir=${to.stack.dir} output -json ${c.name}_backend_setup | jq -r '.service_annotation' | sed -e "s/: '/=/" -e "s/'$//")"`,
          `${cluster?.kubectl ?? "kubectl"} get svcneg -n <app namespace>  # until the network endpoint groups exist`,
          `sh -c "${outputValue(to.stack, `${c.name}_backend_setup`, "add_backend")}"  # adds every zone's network endpoint group to the backend service`,
        ],
      }),
    );
  }

  // ---- cut-over
  const freeze = add({
    id: "cut-over-freeze",
    phase: "cut-over",
    title: "Freeze writes at the source",
    component: null,
    dependsOn: [...dataSteps, ...lowerTtl],
    notes: ["Stop the source's writers (scale workloads to zero or switch the app to read-only) so the final copies are complete. The source keeps running for the roll-back."],
    commands: [
      ...spec.components
        .filter((c) => c.kind === "kubernetes")
        .flatMap((c) => {
          const cluster = src.kubeconfig[strategyOf(from.json, c.name).strategy]?.(side(from, c, "SRC"));
          return cluster ? [...cluster.commands, `${cluster.kubectl} scale deployment --all --replicas=0 -n <app namespace>  # ${c.name}`] : [`# scale the workloads of ${c.name} to zero`];
        }),
      ...spec.components.filter((c) => c.kind === "vm-group").map((c) => `# stop the service on the instances of ${c.name} (or take them out of the load balancer)`),
      ...(spec.components.some((c) => c.kind === "kubernetes" || c.kind === "vm-group") ? [] : ["# stop the writers of the source"]),
    ],
  });
  const endpoints = spec.components.filter((c) => c.kind === "public-endpoint");
  const endpointSteps = endpoints.map((c) => {
    const d = side(to, c, "DST");
    const movesWithZone = c.kind === "public-endpoint" && c.zone !== undefined && zones.some((z) => z.name === c.zone);
    return add({
      id: `cut-over-${c.name}`,
      phase: "cut-over",
      title: `${c.name} (public endpoint): certificate and DNS`,
      component: c.name,
      dependsOn: [freeze, ...cutoverSteps],
      notes: [
        `Certificate at the destination: ${dst.certificate(d).note}.`,
        movesWithZone
          ? `The endpoint's record is in zone '${c.kind === "public-endpoint" ? c.zone : ""}', which moves with the app: it switches when the zone is delegated (next step).`
          : `Switch the record of ${c.kind === "public-endpoint" ? c.domain : ""} where its zone is served to the destination:`,
        `Test the destination before switching: curl --connect-to lets you reach it under the real name.`,
      ],
      commands: [
        ...(movesWithZone ? [] : dst.endpointRecord(d)),
        `curl -fsS --connect-to ${c.kind === "public-endpoint" ? c.domain : ""}:443:<destination address>:443 https://${c.kind === "public-endpoint" ? c.domain : ""}${c.kind === "public-endpoint" ? c.healthCheckPath : "/"}`,
      ],
    });
  });
  const delegations = zones.map((z) =>
    add({
      id: `cut-over-${z.name}`,
      phase: "cut-over",
      title: `${z.name} (dns-zone): delegate ${z.kind === "dns-zone" ? z.domain : ""} to the destination`,
      component: z.name,
      dependsOn: [freeze, ...cutoverSteps, ...endpointSteps],
      notes: [
        "The destination zone holds the spec's records and the endpoints' records already (the apply made them). Compare, then replace the NS records at the parent zone with the destination's name servers.",
        "Resolvers follow within the parent's NS TTL; both zones answer meanwhile, so keep the source zone until the decommission.",
      ],
      commands: [
        `${dst.nameServers(side(to, z, "DST"))}  # the destination's name servers`,
        `${src.nameServers(side(from, z, "SRC"))}  # the source's (for the roll-back)`,
        `# at the parent zone's operator: set the NS records of ${z.kind === "dns-zone" ? z.domain : ""} to the destination's name servers`,
        `dig +short NS ${z.kind === "dns-zone" ? z.domain : ""}  # until it shows the destination's`,
      ],
    }),
  );

  // ---- verify
  const verifyEndpoints = endpoints.map((c) =>
    add({
      id: `verify-${c.name}`,
      phase: "verify",
      title: `${c.name} (public endpoint): serves from the destination`,
      component: c.name,
      dependsOn: [`cut-over-${c.name}`, ...delegations],
      notes: ["The name resolves to the destination and answers over TLS with the destination's certificate."],
      commands: [`curl -fsS https://${c.kind === "public-endpoint" ? c.domain : ""}${c.kind === "public-endpoint" ? c.healthCheckPath : "/"}`, `echo | openssl s_client -connect ${c.kind === "public-endpoint" ? c.domain : ""}:443 -servername ${c.kind === "public-endpoint" ? c.domain : ""} 2>/dev/null | openssl x509 -noout -issuer -dates`],
    }),
  );
  const window = add({
    id: "verify-window",
    phase: "verify",
    title: `Verification window: ${verificationDays} days`,
    component: null,
    dependsOn: [...verifySteps, ...verifyEndpoints, ...delegations, ...cutoverSteps],
    notes: [`Run the app from the destination for ${verificationDays} days with the source stopped but intact. Decommission only after this window, with the app owner's sign-off.`],
    commands: [`date -u -d "+${verificationDays} days" +%F  # run on the cut-over day: the earliest decommission date`],
  });

  // ---- roll back
  add({
    id: "roll-back",
    phase: "roll-back",
    title: "Roll back (only on a failed verification)",
    component: null,
    dependsOn: [freeze],
    conditional: true,
    notes: [
      "Possible up to the decommission (the last step): the source stack, its data and its state are untouched until then.",
      "Before the DNS cut-over: unfreeze the source writers; the destination holds copies only (destroy it or keep it for another attempt).",
      "After the cut-over: freeze writes at the destination, copy what was written there back to the source (the data steps above with source and destination swapped), switch the DNS back to the source's name servers/records, unfreeze the source.",
    ],
    commands: [
      ...zones.map((z) => `${src.nameServers(side(from, z, "SRC"))}  # set the parent's NS records of ${z.kind === "dns-zone" ? z.domain : ""} back to these`),
      ...spec.components.filter((c) => c.kind === "bucket").map((c) => `rclone sync "dst:${conn(to, c.name, "name")}" "src:${conn(from, c.name, "name")}" --checksum --metadata`),
      ...spec.components
        .filter((c) => c.kind === "postgres")
        .map((c) => `PGUSER="$DST_PGUSER" PGPASSWORD="$DST_PGPASSWORD" pg_dump --format=custom --no-owner --dbname="${conn(to, c.name, "url")}" --file=${c.name}-back.dump && PGUSER="$SRC_PGUSER" PGPASSWORD="$SRC_PGPASSWORD" pg_restore --clean --if-exists --no-owner --dbname="${conn(from, c.name, "url")}" ${c.name}-back.dump`),
    ],
  });

  // ---- decommission
  const protections = deletionProtections(from.json, factsFor(from.target).protectingAttributes);
  const lifting = factsFor(from.target).lifting;
  const file = `${from.stack.dir}/cdk.tf.json`;
  const logSinks = new Set(spec.components.filter((c) => c.kind === "log-sink").map((c) => c.name));
  const logStores = protections.filter((p) => logSinks.has(p.component) && p.protection === "prevent_destroy");
  const jqPath = (address: string) => {
    const [type, id] = address.split(".");
    return `.resource["${type}"]["${id}"]`;
  };
  add({
    id: "decommission",
    phase: "decommission",
    title: `Decommission the source stack ${from.stack.stackId}`,
    component: null,
    dependsOn: [window],
    notes: [
      `Only after the verification window${spec.components.some((c) => c.kind === "log-sink") ? " and after the old logs are copied or their retention date has passed (see the log-sink steps)" : ""}.`,
      `The source has ${protections.length} deletion protection(s), each lifted explicitly below, one by one; Terraform refuses the destroy while any remains.`,
      ...protections.map((p, i) => `${i + 1}. ${p.address} (component ${p.component}): ${p.protection}: ${lifting[p.protection] ?? "lift it with the provider's tools"}.`),
      ...logStores.map((l) => `To keep the source's log store ${l.address} (component ${l.component}) until its retention date instead of copying it: \`terraform -chdir=${from.stack.dir} state rm ${l.address}\` before the destroy, and delete it by hand after that date.`),
      "Keys are scheduled for deletion by the destroy (a waiting period applies where the provider has one); source secrets go with it.",
    ],
    commands: [
      `cp ${file} ${file}.before-decommission`,
      ...protections.map((p) =>
        p.protection === "prevent_destroy"
          ? `jq '${jqPath(p.address)}.lifecycle.prevent_destroy = false' ${file} > ${file}.new && mv ${file}.new ${file}  # ${p.address}`
          : `jq '${jqPath(p.address)}.${p.protection.split("=")[0]} = ${JSON.stringify(!(JSON.parse(p.protection.split("=")[1]) as boolean))}' ${file} > ${file}.new && mv ${file}.new ${file}  # ${p.address}`,
      ),
      ...(protections.some((p) => p.protection !== "prevent_destroy") ? [`terraform -chdir=${from.stack.dir} apply  # only the protection attributes change: check the plan says so`] : []),
      `terraform -chdir=${from.stack.dir} destroy`,
    ],
  });

  // Steps were collected per component; the runbook runs phase by phase (the freeze opens the
  // cut-over, the verification window closes the verification).
  const rank = (s: (typeof steps)[number]) => PHASES.indexOf(s.phase) * 10 + (s.id === "cut-over-freeze" ? 0 : s.id === "verify-window" ? 9 : s.id.startsWith("cut-over-") && delegations.includes(s.id) ? 5 : 1);
  const sorted = steps.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map((x) => x.s);
  const ordered = sorted.map((s, i) => ({ ...s, order: i + 1, reads: [] as RunbookStep["reads"] }));
  const dirs = new Map([
    [from.stack.dir, from.stack.stackId],
    [to.stack.dir, to.stack.stackId],
  ]);
  for (const s of ordered) (s as { reads: RunbookStep["reads"] }).reads = s.commands.flatMap((c) => outputReads(c).map((r) => ({ stack: dirs.get(r.dir) ?? r.dir, output: r.output, ...(r.field ? { field: r.field } : {}) })));
  return {
    version: RUNBOOK_VERSION,
    app: { name: spec.name, classification: spec.classification, decision: spec.decision ?? null },
    from: { target: from.target.name, kind: from.target.id, stack: from.stack.stackId, dir: from.stack.dir },
    to: { target: to.target.name, kind: to.target.id, stack: to.stack.stackId, dir: to.stack.dir },
    placement: { allowed: input.placement.allowed, rule: input.placement.rule, reason: input.placement.reason },
    strategies,
    notCarriedOver,
    connectionContract,
    postgresMethod,
    verificationDays,
    steps: ordered,
  };
}

import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { Construct } from "constructs";
import { skipCheck } from "../../../core/checks";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedPostgres } from "../../../kinds";
import type { AwsFoundation } from "../foundation";
import { assumeRolePolicy } from "../iam";
import type { AwsNetwork } from "../network";
import { sid } from "../naming";
import { AWS_SIZES } from "../sizes";

/**
 * RDS for PostgreSQL in the private subnets: storage and Performance Insights encrypted with the
 * app key, TLS enforced, no public access, deletion protection, backups, and the master password
 * generated and kept by Secrets Manager (`manage_master_user_password`), never in Terraform.
 */
export function awsPostgres(scope: Construct, props: ResolvedPostgres, ctx: RealizeContext<AwsFoundation, AwsNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const net = ctx.network;
  const id = `${ctx.app.name}-${props.name}`;
  const overrides = props.overrides.aws ?? {};

  const subnets = new DbSubnetGroup(scope, "subnets", { name: id, subnetIds: [...net.privateSubnetIds] });
  const sg = new SecurityGroup(scope, "sg", { name: `${id}-db`, description: `PostgreSQL ${id}: clients inside the app network`, vpcId: net.vpcId });
  [net.cidr, ...net.allowedIngressCidrs].forEach((cidr, i) =>
    new VpcSecurityGroupIngressRule(scope, `ingress-${i}`, {
      securityGroupId: sg.id,
      description: "PostgreSQL from the app network",
      ipProtocol: "tcp",
      fromPort: 5432,
      toPort: 5432,
      cidrIpv4: cidr,
    }),
  );
  const params = new DbParameterGroup(scope, "parameters", {
    name: id,
    family: `postgres${props.version}`,
    description: `PostgreSQL ${id}: TLS only, connection and statement logging`,
    parameter: [
      { name: "rds.force_ssl", value: "1" },
      { name: "log_connections", value: "1" },
      { name: "log_disconnections", value: "1" },
      { name: "log_min_duration_statement", value: "1000" },
    ],
  });
  const monitoring = new IamRole(scope, "monitoring-role", {
    name: `${id}-rds-monitoring`,
    assumeRolePolicy: assumeRolePolicy(f.servicePrincipal("monitoring.rds")),
  });
  new IamRolePolicyAttachment(scope, "monitoring-policy", { role: monitoring.name, policyArn: f.managedPolicyArn("service-role/AmazonRDSEnhancedMonitoringRole") });

  // RDS exports these logs to /aws/rds/instance/<id>/<log>, creating the groups itself (unencrypted,
  // kept forever) unless they exist: made first, with the app key and a retention, so Polder owns them.
  const LOG_EXPORTS = ["postgresql", "upgrade"];
  const logGroups = LOG_EXPORTS.map(
    (log) => new CloudwatchLogGroup(scope, `logs-${log}`, { name: `/aws/rds/instance/${id}/${log}`, retentionInDays: 365, kmsKeyId: f.key.arn }),
  );
  const db = new DbInstance(scope, "instance", {
    identifier: id,
    engine: "postgres",
    engineVersion: props.version,
    instanceClass: (overrides.instanceClass as string | undefined) ?? AWS_SIZES[props.size].dbInstanceClass,
    allocatedStorage: props.storageGb,
    maxAllocatedStorage: props.storageGb * 2,
    storageType: "gp3",
    storageEncrypted: true,
    kmsKeyId: f.key.arn,
    dbName: props.databaseName,
    username: "polder_admin",
    manageMasterUserPassword: true,
    masterUserSecretKmsKeyId: f.key.arn,
    dbSubnetGroupName: subnets.name,
    vpcSecurityGroupIds: [sg.id],
    parameterGroupName: params.name,
    publiclyAccessible: false,
    multiAz: props.highAvailability,
    backupRetentionPeriod: props.backupRetentionDays,
    copyTagsToSnapshot: true,
    deletionProtection: props.deletionProtection,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: `${id}-final`,
    autoMinorVersionUpgrade: true,
    iamDatabaseAuthenticationEnabled: true,
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: f.key.arn,
    monitoringInterval: 60,
    monitoringRoleArn: monitoring.arn,
    enabledCloudwatchLogsExports: LOG_EXPORTS,
    lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
    dependsOn: logGroups,
  });
  if (!props.highAvailability)
    skipCheck(db, "CKV_AWS_157", `highAvailability: false for component '${props.name}' (the default for size small): the app chose a single-zone instance; set highAvailability: true for a standby`);
  if (!props.deletionProtection) skipCheck(db, "CKV_AWS_293", `deletionProtection: false in the spec of component '${props.name}': the app chose a disposable database`);
  f.workloadAccess.push({ sid: sid("DatabaseCredentials", props.name), actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], resources: [db.masterUserSecret.get(0).secretArn] });
  f.databases.push({ name: props.name, securityGroupId: sg.id, port: 5432 });
  return {
    kind: "postgres",
    strategy: ctx.strategy,
    connection: {
      host: db.address,
      port: "5432",
      name: props.databaseName,
      secretRef: db.masterUserSecret.get(0).secretArn,
      url: `postgres://${db.address}:5432/${props.databaseName}?sslmode=require`,
    },
    handle: db,
  };
}

// Every cdktf import of the neutral library goes through this file, so a later move to
// CDK Terrain (`cdktn`) changes one import line instead of the whole tree.
export {
  App,
  Aspects,
  AzurermBackend,
  GcsBackend,
  Manifest,
  TerraformProvider,
  Annotations,
  DefaultTokenResolver,
  Fn,
  Lazy,
  LocalBackend,
  S3Backend,
  StringConcat,
  TerraformDataSource,
  TerraformElement,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  TerraformLocal,
  TerraformIterator,
  Token,
  Tokenization,
} from "cdktf";
export type { IAspect, S3BackendConfig, TerraformResourceLifecycle } from "cdktf";
export { Construct } from "constructs";
export type { IConstruct } from "constructs";

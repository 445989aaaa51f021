// Public API of Polder. Provider bindings are never imported from here: each target's code loads
// only when a stack uses that target.
export { targets } from "./targets";
export type { AwsTarget, AwsTargetProps, AwsPartition, SovereignTarget, SovereignTargetProps, SovereignServices, ExternalKeyManager } from "./targets";
export type { Target, TargetId, SovereigntyProfile, Capabilities, KeyCustody } from "./core/target";
export { TargetStack, type TargetStackProps } from "./core/target-stack";
export type { StateBackend, S3StateBackend, LocalStateBackend } from "./core/state-backend";
export type { Realizer, RealizeContext, RealizedComponent, ConnectionInfo, AppInfo } from "./core/realizer";
export { registerRealizer } from "./core/registry";
export { PolderError, SpecValidationError, PlacementError, CapabilityError, type Issue } from "./core/errors";
export { PortableApp, type PortableAppProps } from "./app/portable-app";
export { parseAppSpec, type AppSpec, type ResolvedAppSpec, type ComponentSpec } from "./app/spec";
export { loadAppSpec } from "./app/load";
export { CLASSIFICATION_LEVELS, CLASSIFICATION_ALIASES, parseClassification, type Classification } from "./policy/classification";
export { evaluatePlacement, type PlacementVerdict, type PlacementRequest } from "./policy/placement";
export { COMPONENT_KINDS, SIZES, type ComponentKind, type Size } from "./kinds/kind-names";
export { planSubnets } from "./kinds/network-plan";
export { synthesizeSafely } from "./cli/safe-synth";
export { runMain, runSynth, planSynth, type MainOptions } from "./cli/main";
export { warmUpSynth } from "./cli/warm-up";
export { runProgram, type ProgramOptions } from "./cli/program";
export { LandingZone, landingZoneControls, type LandingZoneProps } from "./landing-zone/landing-zone";
export { parseLandingZoneSpec, type LandingZoneSpec, type ResolvedLandingZoneSpec, type UnitSpec, type TenancySpec } from "./landing-zone/spec";
export { loadLandingZoneSpec } from "./landing-zone/load";
export { CONTROLS, CONTROLS_FILE, type ControlId, type ControlResult, type ControlStatus, type LandingZoneControlsReport } from "./landing-zone/controls";
export { registerLandingZoneRealizer, type LandingZoneRealizer, type RealizedLandingZone } from "./landing-zone/realizer";
export { evaluateZonePlacement, type LandingZoneRef } from "./landing-zone/app-placement";
export { TIERS, UNIT_KINDS, type Tier, type UnitKind } from "./landing-zone/units";

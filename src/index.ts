/** Library entry point: everything the CLI does is importable. */
export * from './model/types.js';
export * from './model/inventory.js';
export * from './engine/types.js';
export * from './policy/policyDocument.js';
export * from './config/config.js';
export * from './report/scanReport.js';
export { InputError } from './input/inputError.js';
export * from './mappings/index.js';
export { scanPlanFiles, assessInventory, inventoryFromPlanFiles } from './scan.js';
export { inventoryForReport } from './scan.js';
export { mergeReports, readReport, type MergeResult, type ReportFile } from './merge.js';
export { mergeInventories } from './engine/mergeReports.js';
export { deserializeInventory, type SerializedInventory } from './model/serialize.js';
/** For rule authors (custom rules, `--rules-dir`): the helpers the built-in rules use, and the custom rule shape. */
export { evidence, fail, notAssessed, pass, REDACTED, resourceOf, scopeResource } from './engine/ruleKit.js';
export type { CustomRule, CustomRuleMeta } from './engine/loadCustomRules.js';
export { loadCustomRules } from './engine/loadCustomRules.js';

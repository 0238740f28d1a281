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

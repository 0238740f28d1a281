/** Framework mappings: loading, rule -> control lookup, the coverage matrix. */
export { loadMappings, shippedMappingsDir, type LoadMappingsOptions } from './loadMappings.js';
export { controlsForRule } from './controlIndex.js';
export { computeCoverage } from './coverage.js';
export { selectFrameworks } from './selectFrameworks.js';
export type { FrameworkMapping, FrameworkMappingFile, MappingControl, MappingSource } from './types.js';

import { RedressPropertiesProvider } from './redress-properties-provider';

/** bpmn-js module: Redress's properties provider (needs BpmnPropertiesPanelModule). */
export const RedressPropertiesProviderModule = {
  __init__: ['redressPropertiesProvider'],
  redressPropertiesProvider: ['type', RedressPropertiesProvider],
};

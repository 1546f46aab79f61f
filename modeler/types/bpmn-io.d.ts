// The bpmn.io packages below ship JavaScript without type declarations; these are the parts the
// modeler uses. Components take loose props: the properties panel checks nothing at run time either.
declare module '@bpmn-io/properties-panel' {
  import type { FunctionComponent } from '@bpmn-io/properties-panel/preact';
  /** Props of the panel's entry components (TextFieldEntry, SelectEntry…). */
  export interface EntryProps {
    element: unknown;
    id: string;
    [prop: string]: unknown;
  }
  export const TextFieldEntry: FunctionComponent<EntryProps>;
  export const TextAreaEntry: FunctionComponent<EntryProps>;
  export const SelectEntry: FunctionComponent<EntryProps>;
  export const CheckboxEntry: FunctionComponent<EntryProps>;
  export function isTextFieldEntryEdited(node: HTMLElement): boolean;
  export function isTextAreaEntryEdited(node: HTMLElement): boolean;
  export function isSelectEntryEdited(node: HTMLElement): boolean;
}

declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: object;
  export const BpmnPropertiesProviderModule: object;
  /** A service of the modeler's injector, from inside a panel component. */
  export function useService<T = unknown>(name: string): T;
}

declare module 'bpmn-js-token-simulation' {
  const module: object;
  export default module;
}

declare module 'bpmn-js-bpmnlint' {
  const module: object;
  export default module;
}

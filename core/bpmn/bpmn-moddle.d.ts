// bpmn-moddle 10 ships element typings under `bpmn-moddle/types` but none for its entry point, so
// the little the compiler calls is declared here. Element objects are typed in moddle-types.ts.
declare module 'bpmn-moddle' {
  export interface ModdleWarning {
    message: string;
    element?: { id?: string };
    property?: string;
  }

  export interface FromXmlResult {
    rootElement: unknown;
    warnings: ModdleWarning[];
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<FromXmlResult>;
    toXML(element: unknown, options?: { format?: boolean }): Promise<{ xml: string }>;
  }
}

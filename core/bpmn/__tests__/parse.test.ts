import { BpmnModdle } from 'bpmn-moddle';
import { BpmnInputError, parseBpmn } from '../parse';
import redressDescriptor from '../redress.moddle.json';
import { findXmlHazard, MAX_XML_BYTES, MAX_XML_DEPTH } from '../xml-guard';
import { readFixture } from './fixtures';

const OPEN =
  '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
  'xmlns:redress="http://redress.dev/schema/bpmn/1.0" id="D">';

function nested(depth: number): string {
  return `${OPEN}<bpmn:process id="P"><bpmn:extensionElements>${'<x:n xmlns:x="urn:x">'.repeat(depth)}${'</x:n>'.repeat(depth)}</bpmn:extensionElements></bpmn:process></bpmn:definitions>`;
}

describe('findXmlHazard', () => {
  it('should refuse a file over 2 MB without parsing it', () => {
    // given a model padded with a comment past the limit
    const xml = `${OPEN}<!--${'x'.repeat(MAX_XML_BYTES)}--></bpmn:definitions>`;

    // when / then
    expect(findXmlHazard(xml)).toMatch(/larger than 2 MB/);
  });

  it('should count multi-byte characters as bytes', () => {
    // given 1.1 M two-byte characters: under the limit in characters, over it in bytes
    const xml = `${OPEN}<bpmn:documentation>${'ж'.repeat(1_100_000)}</bpmn:documentation></bpmn:definitions>`;

    // then
    expect(xml.length).toBeLessThan(MAX_XML_BYTES);
    expect(findXmlHazard(xml)).toMatch(/larger than 2 MB/);
  });

  it('should refuse nesting deeper than the limit, and accept it at the limit', () => {
    expect(findXmlHazard(nested(MAX_XML_DEPTH + 10))).toMatch(/nested more than 200 deep/);
    expect(findXmlHazard(nested(MAX_XML_DEPTH - 4))).toBeUndefined();
  });

  it('should refuse DOCTYPE and ENTITY declarations in any case', () => {
    expect(findXmlHazard(`<!doctype x>${OPEN}</bpmn:definitions>`)).toMatch(/DOCTYPE/);
    expect(findXmlHazard(`<?xml version="1.0"?>\n<!ENTITY a "b">${OPEN}</bpmn:definitions>`)).toMatch(
      /DOCTYPE/,
    );
  });

  it('should refuse a NUL character, raw or as a character reference, and accept other references', () => {
    for (const name of ['a\u0000b', 'a&#0;b', 'a&#x00;b', 'a&#X0;b'])
      expect(findXmlHazard(`${OPEN}<bpmn:process id="P" name="${name}" /></bpmn:definitions>`)).toMatch(
        /NUL/,
      );
    expect(
      findXmlHazard(`${OPEN}<bpmn:process id="P" name="a&#10;b&#x20;" /></bpmn:definitions>`),
    ).toBeUndefined();
  });

  it('should NOT be fooled by markup-like text in comments, CDATA or attribute values', () => {
    // given
    const xml = `${OPEN}<!-- <!DOCTYPE x> --><bpmn:process id="P" name="a > b"><![CDATA[<!ENTITY <a><b>]]></bpmn:process></bpmn:definitions>`;

    // then
    expect(findXmlHazard(xml)).toBeUndefined();
  });

  it('should refuse text that is not XML, and unterminated markup', () => {
    expect(findXmlHazard('{"json": true}')).toMatch(/not XML/);
    expect(findXmlHazard('')).toMatch(/not XML/);
    expect(findXmlHazard(`${OPEN}<bpmn:process id="P`)).toMatch(/not well-formed/);
    expect(findXmlHazard(`${OPEN}<!-- never closed`)).toMatch(/not well-formed/);
  });
});

describe('parseBpmn', () => {
  it('should read the redress attributes and extension elements', async () => {
    // given
    const xml = readFixture('good-send-task.bpmn');

    // when
    const { definitions, warnings } = await parseBpmn(xml);

    // then
    expect(warnings).toEqual([]);
    const process = definitions.rootElements?.[0] as unknown as { flowElements: Record<string, unknown>[] };
    const mail = process.flowElements.find((element) => element.id === 'Mail');
    expect(mail).toMatchObject({ taskType: 'sendEmail', resultVariable: 'mailResult' });
  });

  it('should turn moddle warnings into problems naming the element', async () => {
    // given an unknown redress attribute and a dangling reference
    const xml = `${OPEN}<bpmn:process id="P"><bpmn:userTask id="T" redress:colour="red" /><bpmn:sequenceFlow id="F" sourceRef="T" targetRef="Nowhere" /></bpmn:process></bpmn:definitions>`;

    // when
    const { warnings } = await parseBpmn(xml);

    // then
    expect(warnings).toEqual([
      { elementId: 'T', message: 'unknown attribute <redress:colour>' },
      { elementId: 'F', message: 'unresolved reference <Nowhere>' },
    ]);
  });

  it('should throw BpmnInputError for hostile or non-BPMN input', async () => {
    await expect(parseBpmn(readFixture('bad-entity-expansion.bpmn'))).rejects.toBeInstanceOf(BpmnInputError);
    await expect(parseBpmn('<html><body /></html>')).rejects.toThrow(/not a BPMN 2.0 document/);
    await expect(parseBpmn(`${OPEN}<bpmn:process id="P"></bpmn:definitions>`)).rejects.toThrow(
      BpmnInputError,
    );
  });
});

describe('redress.moddle.json', () => {
  it('should write standard BPMN tags and lower-case redress tags (tagAlias lowerCase)', async () => {
    // given: without tagAlias moddle would write <bpmn:ServiceTask>, which no other tool reads
    const moddle = new BpmnModdle({ redress: redressDescriptor });
    const { rootElement } = await moddle.fromXML(readFixture('good-user-task-form.bpmn'));

    // when
    const { xml } = await moddle.toXML(rootElement);

    // then
    expect(xml).toContain('<bpmn:userTask id="Review"');
    expect(xml).toContain('redress:candidateGroups="agents, supervisors"');
    expect(xml).toContain('<redress:form>');
    expect(xml).not.toMatch(/<bpmn:[A-Z]\w*Task/);
  });

  it('should read upper-case type names as tags too', async () => {
    // given the type names as tags, as some hand-written models will have them
    const xml = `${OPEN}<bpmn:process id="P"><bpmn:serviceTask id="S" redress:taskType="notify"><bpmn:extensionElements><redress:Params><redress:Param name="template" value="t" /></redress:Params></bpmn:extensionElements></bpmn:serviceTask></bpmn:process></bpmn:definitions>`;

    // when
    const { warnings } = await parseBpmn(xml);

    // then
    expect(warnings).toEqual([]);
  });
});

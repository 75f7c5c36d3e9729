// Evaluate each SDC calculatedExpression of iopkit's Questionnaires with fhirpath.js (HL7's
// reference FHIRPath engine, which implements the SDC weight() supplement) on given responses.
// stdin:  {"questionnaires": {code: Questionnaire}, "cases": [{"code": ..., "response": QR}]}
// stdout: [{linkId: value or null}, ...] in case order.
const fhirpath = require("fhirpath");
const r4 = require("fhirpath/fhir-context/r4");

const CALCULATED = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";

function calculated(items, out = []) {
  for (const item of items || []) {
    const ext = (item.extension || []).find((e) => e.url === CALCULATED);
    if (ext) out.push([item.linkId, ext.valueExpression.expression]);
    calculated(item.item, out);
  }
  return out;
}

let text = "";
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => {
  const input = JSON.parse(text);
  const results = input.cases.map(({ code, response }) => {
    const questionnaire = input.questionnaires[code];
    const values = {};
    for (const [linkId, expression] of calculated(questionnaire.item)) {
      const value = fhirpath.evaluate(response, expression, { resource: response, questionnaire }, r4);
      values[linkId] = value.length ? value[0] : null;
    }
    return values;
  });
  process.stdout.write(JSON.stringify(results));
});

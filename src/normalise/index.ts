export { normaliseModel, DefinitionRejectedError } from "./normalise-model";

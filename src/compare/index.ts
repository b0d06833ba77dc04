export { compare, type CompareResult } from "./compare";
export {
  DEFAULT_VERSION_TABLE,
  type ColumnRef,
  type CompareObject,
  type CompareOptions,
  type RenameAnswer,
  type RenameQuestion,
  type RenameResolver,
} from "./compare-options";
export { InvalidRenameError } from "./compare-errors";
export { differences, keyedBy, mapOf, type Differences, type Modified } from "./differences";
export { typeChangeNeedsCast, usingCast } from "../ops/type-change";

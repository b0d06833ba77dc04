/** One enum type shared by two entities through `enumName`. */
export enum Priority {
  Low = "low",
  Normal = "normal",
  High = "high",
}

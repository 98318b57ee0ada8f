import { decodeUtf8 } from "../columns/utf8-codec.js";
import { formatValue, parseFloatOrNull, parseInteger, roundHalfAway, toInteger } from "../scalar/casts.js";
import { dayOfDays, dayOfYearOfDays, monthOfDays, weekdayOfDays, yearOfDays } from "../scalar/datetime.js";
import { codePointLength, substring } from "../scalar/strings.js";
import { selectionScratch } from "./selection-scratch.js";

/** The functions generated kernels may call, passed to them as `rt`. */
export const generatedRuntime = {
  decodeUtf8, parseInteger, parseFloatOrNull, toInteger, formatValue, roundHalfAway,
  yearOfDays, monthOfDays, dayOfDays, dayOfYearOfDays, weekdayOfDays, codePointLength, substring, selectionScratch,
};
export type GeneratedRuntime = typeof generatedRuntime;

/** Times in the shop's zone, named; the shop's days and months in that zone, across daylight saving. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calendarPeriods, formatDate, formatDateTime } from './format-time.js';

const T = Date.UTC(2026, 2, 15, 20, 30); // 2026-03-15 20:30 UTC = 2026-03-16 05:30 in Tokyo

describe("formatting times in the shop's zone", () => {
  it("names the zone, in the reader's language or year-first for the console", () => {
    assert.equal(formatDateTime(T, { locale: 'ja-JP', timeZone: 'Asia/Tokyo' }), '2026/03/16 05:30 JST');
    assert.equal(formatDateTime(T, { locale: 'en-US', timeZone: 'Asia/Tokyo' }), '03/16/2026, 05:30 GMT+9');
    assert.equal(formatDateTime(T, { locale: 'en', timeZone: 'UTC', iso: true }), '2026-03-15 20:30 UTC');
    assert.equal(formatDateTime(T, { locale: 'en', timeZone: 'Asia/Tokyo', iso: true }), '2026-03-16 05:30 GMT+9');
    assert.equal(formatDate(T, { locale: 'en', timeZone: 'Asia/Tokyo', iso: true }), '2026-03-16');
  });

  it("counts today and this month from the zone's midnights", () => {
    const tokyo = calendarPeriods(T, 'Asia/Tokyo');
    assert.deepEqual(tokyo, {
      dayStart: Date.UTC(2026, 2, 15, 15),
      dayEnd: Date.UTC(2026, 2, 16, 15),
      monthStart: Date.UTC(2026, 1, 28, 15),
      monthEnd: Date.UTC(2026, 2, 31, 15),
    });
    assert.deepEqual(calendarPeriods(T, 'UTC'), {
      dayStart: Date.UTC(2026, 2, 15),
      dayEnd: Date.UTC(2026, 2, 16),
      monthStart: Date.UTC(2026, 2, 1),
      monthEnd: Date.UTC(2026, 3, 1),
    });
    // New York springs forward on 2026-03-08: that day has 23 hours.
    const spring = calendarPeriods(Date.UTC(2026, 2, 8, 18), 'America/New_York');
    assert.equal(spring.dayStart, Date.UTC(2026, 2, 8, 5));
    assert.equal(spring.dayEnd - spring.dayStart, 23 * 3_600_000);
    assert.equal(spring.monthStart, Date.UTC(2026, 2, 1, 5));
    assert.equal(spring.monthEnd, Date.UTC(2026, 3, 1, 4));
  });
});

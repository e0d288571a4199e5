import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  canScore,
  checkDate,
  checkTime,
  conflictState,
  daysInMonth,
  eligibleMembers,
  formatLondonDate,
  formatLondonTime,
  groupByLondonDay,
  interviewInstant,
  londonFormValues,
  londonToUtc,
  londonWallClock,
  PANEL_ROLES,
} from '../../../server/domain/panels.js';

const at = (year: number, month: number, day: number, hour: number, minute = 0) =>
  londonToUtc({ year, month, day }, { hour, minute })?.toISOString() ?? null;

describe('panel rules', () => {
  describe('canScore', () => {
    it('lets only a member who declared no conflict score', () => {
      assert.equal(canScore({ isMember: true, declaration: { conflicted: false } }), true);
      assert.equal(canScore({ isMember: true, declaration: { conflicted: true } }), false);
      assert.equal(canScore({ isMember: true, declaration: null }), false, 'declaration needed first');
      assert.equal(canScore({ isMember: true, declaration: undefined }), false);
      assert.equal(canScore({ isMember: false, declaration: { conflicted: false } }), false);
    });
  });

  describe('eligibleMembers', () => {
    const members = [
      { userId: 'chair', name: 'Chair' },
      { userId: 'member', name: 'Member' },
      { userId: 'independent', name: 'Independent' },
    ];

    it('leaves out members who declared a conflict, in the order given', () => {
      const eligible = eligibleMembers(members, [
        { userId: 'member', conflicted: true },
        { userId: 'chair', conflicted: false },
      ]);
      assert.deepEqual(
        eligible.map((m) => m.userId),
        ['chair', 'independent'],
      );
    });

    it('keeps members who have not declared yet, and ignores declarations of non-members', () => {
      assert.deepEqual(eligibleMembers(members, []), members);
      assert.deepEqual(eligibleMembers(members, [{ userId: 'someone-else', conflicted: true }]), members);
    });

    it('never includes a conflicted member, whatever the declarations', () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              userId: fc.constantFrom('chair', 'member', 'independent', 'x'),
              conflicted: fc.boolean(),
            }),
          ),
          (declarations) => {
            const eligible = eligibleMembers(members, declarations);
            for (const m of members) {
              const conflicted = declarations.some((d) => d.userId === m.userId && d.conflicted);
              assert.equal(eligible.includes(m), !conflicted);
            }
          },
        ),
      );
    });
  });

  it('names the conflict state', () => {
    assert.equal(conflictState(null), 'needed');
    assert.equal(conflictState({ conflicted: false }), 'none');
    assert.equal(conflictState({ conflicted: true }), 'conflicted');
  });

  describe('checkDate', () => {
    const date = (day: string, month: string, year: string) => checkDate({ day, month, year });

    it('accepts real dates, with spaces around them', () => {
      assert.deepEqual(date(' 6 ', '07', '2026'), { ok: true, date: { day: 6, month: 7, year: 2026 } });
      assert.deepEqual(date('29', '2', '2028'), { ok: true, date: { day: 29, month: 2, year: 2028 } });
      assert.equal(date('1', '1', '2019').ok, true, 'past dates are allowed');
    });

    it('says what is missing, and which inputs', () => {
      assert.deepEqual(date('', '', ''), {
        ok: false,
        text: 'Enter the interview date',
        fields: ['day', 'month', 'year'],
      });
      assert.deepEqual(date('6', '', ''), {
        ok: false,
        text: 'Interview date must include a month and year',
        fields: ['month', 'year'],
      });
      assert.deepEqual(date('', '7', ''), {
        ok: false,
        text: 'Interview date must include a day and year',
        fields: ['day', 'year'],
      });
      assert.deepEqual(date('6', '7', ''), {
        ok: false,
        text: 'Interview date must include a year',
        fields: ['year'],
      });
    });

    it('refuses impossible dates', () => {
      for (const [d, m, y, fields] of [
        ['31', '2', '2026', ['day', 'month', 'year']],
        ['30', '2', '2028', ['day', 'month', 'year']],
        ['29', '2', '2027', ['day', 'month', 'year']],
        ['31', '4', '2026', ['day', 'month', 'year']],
        ['32', '1', '2026', ['day']],
        ['0', '1', '2026', ['day']],
        ['1', '13', '2026', ['month']],
        ['1', '0', '2026', ['month']],
        ['x', '1', '2026', ['day']],
        ['1', 'July', '2026', ['month']],
        ['-1', '1', '2026', ['day']],
      ] as const) {
        const result = date(d, m, y);
        assert.deepEqual(
          result,
          { ok: false, text: 'Interview date must be a real date', fields },
          `${d}/${m}/${y}`,
        );
      }
    });

    it('needs a 4-digit year', () => {
      assert.deepEqual(date('6', '7', '26'), {
        ok: false,
        text: 'Year must include 4 numbers',
        fields: ['year'],
      });
    });
  });

  describe('checkTime', () => {
    it('accepts 24-hour times', () => {
      assert.deepEqual(checkTime('09:30'), { ok: true, time: { hour: 9, minute: 30 } });
      assert.deepEqual(checkTime('9:30'), { ok: true, time: { hour: 9, minute: 30 } });
      assert.deepEqual(checkTime(' 14.00 '), { ok: true, time: { hour: 14, minute: 0 } });
      assert.deepEqual(checkTime('00:00'), { ok: true, time: { hour: 0, minute: 0 } });
      assert.deepEqual(checkTime('23:59'), { ok: true, time: { hour: 23, minute: 59 } });
    });

    it('refuses anything else', () => {
      assert.deepEqual(checkTime(''), { ok: false, text: 'Enter the interview time' });
      for (const value of ['24:00', '12:60', '2pm', '1430', '9', '09:3', 'noon']) {
        assert.deepEqual(
          checkTime(value),
          { ok: false, text: 'Enter the interview time in 24-hour format, like 09:30 or 14:00' },
          value,
        );
      }
    });
  });

  describe('UK time to UTC', () => {
    it('is UTC in winter (GMT) and an hour ahead in summer (BST)', () => {
      assert.equal(at(2027, 1, 15, 9), '2027-01-15T09:00:00.000Z');
      assert.equal(at(2026, 7, 6, 14, 30), '2026-07-06T13:30:00.000Z');
      assert.equal(at(2026, 7, 1, 0, 0), '2026-06-30T23:00:00.000Z', 'BST midnight is the day before in UTC');
      assert.equal(at(2026, 12, 31, 23, 59), '2026-12-31T23:59:00.000Z');
    });

    it('follows the clocks going forward on the last Sunday of March', () => {
      assert.equal(at(2026, 3, 29, 0, 59), '2026-03-29T00:59:00.000Z');
      assert.equal(at(2026, 3, 29, 1, 0), null, '01:00 to 01:59 never happens');
      assert.equal(at(2026, 3, 29, 1, 30), null);
      assert.equal(at(2026, 3, 29, 2, 0), '2026-03-29T01:00:00.000Z');
      assert.equal(at(2026, 3, 28, 12), '2026-03-28T12:00:00.000Z', 'the day before is still GMT');
      assert.equal(at(2027, 3, 28, 10), '2027-03-28T09:00:00.000Z', '2027: 28 March');
    });

    it('follows the clocks going back on the last Sunday of October', () => {
      assert.equal(at(2026, 10, 25, 0, 30), '2026-10-24T23:30:00.000Z');
      assert.equal(at(2026, 10, 25, 1, 30), '2026-10-25T00:30:00.000Z', 'the repeated hour means the first');
      assert.equal(at(2026, 10, 25, 2, 0), '2026-10-25T02:00:00.000Z');
      assert.equal(at(2026, 10, 24, 12), '2026-10-24T11:00:00.000Z', 'the day before is still BST');
    });

    it('round-trips every minute-aligned instant through the UK wall clock', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: Date.UTC(1990, 0, 1) / 60_000, max: Date.UTC(2090, 0, 1) / 60_000 }),
          (minutes) => {
            const instant = new Date(minutes * 60_000);
            const w = londonWallClock(instant);
            const back = londonToUtc(w, w);
            assert.ok(back, `${instant.toISOString()} shows a time that exists`);
            const again = londonWallClock(back);
            assert.deepEqual(again, w);
            // Only the repeated autumn hour has two instants; the first one is chosen.
            assert.ok(
              back.getTime() === instant.getTime() || back.getTime() === instant.getTime() - 3_600_000,
            );
          },
        ),
        { numRuns: 2000 },
      );
    });
  });

  describe('interviewInstant', () => {
    it('combines date and time problems', () => {
      assert.deepEqual(interviewInstant({ day: '31', month: '2', year: '2026', time: '' }), {
        ok: false,
        problems: [
          { field: 'date', text: 'Interview date must be a real date', dateFields: ['day', 'month', 'year'] },
          { field: 'time', text: 'Enter the interview time' },
        ],
      });
    });

    it('refuses a time the clocks skip', () => {
      const result = interviewInstant({ day: '29', month: '3', year: '2026', time: '01:30' });
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.problems[0]!.text : '', /clocks go forward/);
    });

    it('gives the UTC instant', () => {
      assert.deepEqual(interviewInstant({ day: '6', month: '7', year: '2026', time: '14:30' }), {
        ok: true,
        instant: new Date('2026-07-06T13:30:00Z'),
      });
    });
  });

  describe('showing interview times', () => {
    it('formats dates and times in UK time, GOV.UK style', () => {
      assert.equal(formatLondonDate(new Date('2026-07-06T13:30:00Z')), 'Monday 6 July 2026');
      assert.equal(formatLondonDate(new Date('2026-07-06T23:30:00Z')), 'Tuesday 7 July 2026');
      assert.equal(formatLondonTime(new Date('2026-07-06T13:30:00Z')), '2:30pm');
      assert.equal(formatLondonTime(new Date('2026-07-06T08:00:00Z')), '9am');
      assert.equal(formatLondonTime(new Date('2027-01-15T12:00:00Z')), 'midday');
      assert.equal(formatLondonTime(new Date('2027-01-15T00:00:00Z')), 'midnight');
      assert.equal(formatLondonTime(new Date('2027-01-15T00:05:00Z')), '12:05am');
    });

    it('prefills a form with the UK date and time', () => {
      assert.deepEqual(londonFormValues(new Date('2026-07-06T13:30:00Z')), {
        day: '6',
        month: '7',
        year: '2026',
        time: '14:30',
      });
      assert.deepEqual(londonFormValues(new Date('2027-01-15T09:05:00Z')), {
        day: '15',
        month: '1',
        year: '2027',
        time: '09:05',
      });
    });

    it('groups by UK day, in time order', () => {
      const items = [
        { id: 'late', when: new Date('2026-07-06T23:30:00Z') },
        { id: 'afternoon', when: new Date('2026-07-06T13:30:00Z') },
        { id: 'morning', when: new Date('2026-07-06T08:00:00Z') },
        { id: 'next', when: new Date('2026-07-07T08:00:00Z') },
      ];
      const groups = groupByLondonDay(items, (i) => i.when);
      assert.deepEqual(
        groups.map((g) => [g.key, g.heading, g.items.map((i) => i.id)]),
        [
          ['2026-07-06', 'Monday 6 July 2026', ['morning', 'afternoon']],
          ['2026-07-07', 'Tuesday 7 July 2026', ['late', 'next']],
        ],
      );
      assert.deepEqual(
        groupByLondonDay([], () => new Date()),
        [],
      );
    });
  });
});

/** The last Sunday of a month, the day UK clocks change in March and October. */
function lastSunday(year: number, month: number): number {
  const last = daysInMonth(year, month);
  return last - new Date(Date.UTC(year, month - 1, last)).getUTCDay();
}

const YEARS = Array.from({ length: 16 }, (_, i) => 2020 + i);

describe('panel rules: calendar and clock edges', () => {
  it('accepts every real date, December included, and refuses the day after each month ends (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2020, max: 2035 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const real = new Date(Date.UTC(year, month - 1, day)).getUTCMonth() === month - 1;
          const result = checkDate({ day: String(day), month: String(month), year: String(year) });
          assert.deepEqual(
            result,
            real
              ? { ok: true, date: { year, month, day } }
              : { ok: false, text: 'Interview date must be a real date', fields: ['day', 'month', 'year'] },
          );
        },
      ),
    );
  });

  it('accepts the first and last days of December and of January', () => {
    for (const [day, month] of [
      ['1', '12'],
      ['31', '12'],
      ['1', '1'],
      ['31', '1'],
    ] as const) {
      assert.deepEqual(checkDate({ day, month, year: '2026' }), {
        ok: true,
        date: { day: Number(day), month: Number(month), year: 2026 },
      });
    }
    assert.equal(daysInMonth(2026, 12), 31);
    assert.equal(daysInMonth(2028, 2), 29);
    assert.equal(daysInMonth(2100, 2), 28);
  });

  it('names the date and time as the form calls them', () => {
    assert.deepEqual(checkDate({ day: '', month: '', year: '' }, 'date of birth'), {
      ok: false,
      text: 'Enter the date of birth',
      fields: ['day', 'month', 'year'],
    });
    assert.deepEqual(checkDate({ day: '1', month: '', year: '2026' }, 'date of birth'), {
      ok: false,
      text: 'Date of birth must include a month',
      fields: ['month'],
    });
    assert.deepEqual(checkDate({ day: '1', month: 'x', year: 'y' }, 'start date'), {
      ok: false,
      text: 'Start date must be a real date',
      fields: ['month', 'year'],
    });
    assert.deepEqual(checkDate({ day: '1', month: '1', year: '20260' }), {
      ok: false,
      text: 'Year must include 4 numbers',
      fields: ['year'],
    });
    assert.deepEqual(checkDate({ day: '  ', month: ' ', year: '' }), {
      ok: false,
      text: 'Enter the interview date',
      fields: ['day', 'month', 'year'],
    });
    assert.deepEqual(checkTime('', 'start time'), { ok: false, text: 'Enter the start time' });
    assert.deepEqual(checkTime('25:00', 'start time'), {
      ok: false,
      text: 'Enter the start time in 24-hour format, like 09:30 or 14:00',
    });
    assert.deepEqual(checkTime('x09:30'), {
      ok: false,
      text: 'Enter the interview time in 24-hour format, like 09:30 or 14:00',
    });
    assert.deepEqual(checkTime('09:30x'), {
      ok: false,
      text: 'Enter the interview time in 24-hour format, like 09:30 or 14:00',
    });
    assert.deepEqual(checkTime('123:30'), {
      ok: false,
      text: 'Enter the interview time in 24-hour format, like 09:30 or 14:00',
    });
  });

  it('skips 01:00–01:59 on the last Sunday of March, every year from 2020 to 2035', () => {
    for (const year of YEARS) {
      const day = lastSunday(year, 3);
      const iso = (h: number, m: number) =>
        `${year}-03-${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00.000Z`;
      assert.equal(at(year, 3, day, 0, 59), iso(0, 59), `${year}: 00:59 is still GMT`);
      for (const minute of [0, 1, 30, 59]) {
        assert.equal(at(year, 3, day, 1, minute), null, `${year}: 01:${minute} never happens`);
        const refused = interviewInstant({
          day: String(day),
          month: '3',
          year: String(year),
          time: `01:${String(minute).padStart(2, '0')}`,
        });
        assert.deepEqual(refused, {
          ok: false,
          problems: [
            {
              field: 'time',
              text: 'This time does not exist in the UK on this date because the clocks go forward: choose another time',
            },
          ],
        });
      }
      assert.equal(at(year, 3, day, 2, 0), iso(1, 0), `${year}: 02:00 is BST`);
      assert.equal(at(year, 3, day, 23, 59), iso(22, 59));
      assert.equal(
        at(year, 3, day - 7, 1, 30),
        `${year}-03-${String(day - 7).padStart(2, '0')}T01:30:00.000Z`,
        'a week before, 01:30 exists',
      );
    }
  });

  it('repeats 01:00–01:59 on the last Sunday of October, meaning the first (BST), every year from 2020 to 2035', () => {
    for (const year of YEARS) {
      const day = lastSunday(year, 10);
      const iso = (d: number, h: number, m: number) =>
        `${year}-10-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00.000Z`;
      assert.equal(at(year, 10, day, 0, 0), iso(day - 1, 23, 0), `${year}: midnight is BST`);
      for (const minute of [0, 30, 59]) {
        const first = iso(day, 0, minute);
        assert.equal(at(year, 10, day, 1, minute), first, `${year}: 01:${minute} means the first, in BST`);
        assert.deepEqual(
          londonWallClock(new Date(first)),
          londonWallClock(new Date(Date.parse(first) + 3_600_000)),
          'it happens twice',
        );
      }
      assert.equal(at(year, 10, day, 2, 0), iso(day, 2, 0), `${year}: 02:00 is GMT`);
      assert.equal(at(year, 10, day, 12, 0), iso(day, 12, 0));
    }
  });

  it('gives an existing UK time the instant whose wall clock shows it, around every clock change (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...YEARS),
        fc.constantFrom(3, 10),
        fc.integer({ min: -1, max: 1 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (year, changeMonth, dayOffset, hour, minute) => {
          const calendar = new Date(
            Date.UTC(year, changeMonth - 1, lastSunday(year, changeMonth) + dayOffset),
          );
          const [month, day] = [calendar.getUTCMonth() + 1, calendar.getUTCDate()];
          const instant = londonToUtc({ year, month, day }, { hour, minute });
          const skipped = changeMonth === 3 && dayOffset === 0 && hour === 1;
          if (skipped) return assert.equal(instant, null);
          assert.ok(instant);
          const w = londonWallClock(instant);
          assert.deepEqual([w.year, w.month, w.day, w.hour, w.minute], [year, month, day, hour, minute]);
          const summer =
            changeMonth === 3
              ? dayOffset > 0 || (dayOffset === 0 && hour >= 2)
              : dayOffset < 0 || (dayOffset === 0 && hour < 2);
          assert.equal(
            instant.getTime(),
            Date.UTC(year, month - 1, day, hour, minute) - (summer ? 3_600_000 : 0),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('shows each hour of the day GOV.UK style', () => {
    const shown = (h: number, m: number) => formatLondonTime(new Date(Date.UTC(2027, 0, 15, h, m)));
    assert.equal(shown(12, 30), '12:30pm');
    assert.equal(shown(11, 59), '11:59am');
    assert.equal(shown(13, 0), '1pm');
    assert.equal(shown(0, 0), 'midnight');
    assert.equal(shown(12, 0), 'midday');
    assert.equal(shown(0, 30), '12:30am');
    assert.equal(shown(23, 5), '11:05pm');
    assert.equal(shown(10, 0), '10am');
    assert.equal(formatLondonDate(new Date(Date.UTC(2026, 11, 31, 12))), 'Thursday 31 December 2026');
    assert.equal(formatLondonDate(new Date(Date.UTC(2027, 0, 1, 12))), 'Friday 1 January 2027');
  });
});

describe('panel rules: what the forms accept, exactly', () => {
  it('trims every part of a date, and takes only whole numbers', () => {
    assert.deepEqual(checkDate({ day: ' 1 ', month: ' 12 ', year: ' 2026 ' }), {
      ok: true,
      date: { day: 1, month: 12, year: 2026 },
    });
    for (const [day, month, year, fields] of [
      ['1x', '1', '2026', ['day']],
      ['x1', '1', '2026', ['day']],
      ['1', '1.5', '2026', ['month']],
      ['1', '1', '2026x', ['year']],
      ['1', '1', 'x2026', ['year']],
    ] as const) {
      assert.deepEqual(
        checkDate({ day, month, year }),
        { ok: false, text: 'Interview date must be a real date', fields },
        `${day}/${month}/${year}`,
      );
    }
  });

  it('gives no instant for a date or time outside the calendar or the clock', () => {
    assert.equal(at(2026, 2, 30, 9), null, '30 February');
    assert.equal(at(2026, 13, 1, 9), null, 'month 13');
    assert.equal(at(2026, 1, 0, 9), null, 'day 0');
    assert.equal(at(2026, 4, 31, 9), null, '31 April');
    assert.equal(at(26, 1, 15, 9), null, 'a two-digit year is not 1926');
    assert.equal(at(2026, 1, 15, 24), null, 'hour 24');
    assert.equal(at(2026, 1, 15, 9, 60), null, 'minute 60');
    assert.equal(at(2026, 1, 15, 9, 59), '2026-01-15T09:59:00.000Z');
  });

  it('reports only the part of an interview date and time that is wrong', () => {
    assert.deepEqual(interviewInstant({ day: '6', month: '7', year: '2026', time: '25:00' }), {
      ok: false,
      problems: [{ field: 'time', text: 'Enter the interview time in 24-hour format, like 09:30 or 14:00' }],
    });
    assert.deepEqual(interviewInstant({ day: '', month: '7', year: '2026', time: '09:00' }), {
      ok: false,
      problems: [{ field: 'date', text: 'Interview date must include a day', dateFields: ['day'] }],
    });
  });

  it('names every month', () => {
    const names = Array.from(
      { length: 12 },
      (_, m) => formatLondonDate(new Date(Date.UTC(2027, m, 10, 12))).split(' ')[2],
    );
    assert.deepEqual(names, [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ]);
  });

  it('has three panel roles, chair first', () => {
    assert.deepEqual(PANEL_ROLES, ['chair', 'member', 'independent']);
  });
});

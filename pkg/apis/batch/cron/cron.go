// Package cron parses the schedules of CronJobs: the standard five fields (minute, hour, day of
// month, month, day of week) or a descriptor such as @hourly, with an optional TZ= or CRON_TZ=
// prefix, and finds the times a schedule fires. Parse errors read as kube-apiserver's do, since
// users see them in the Invalid causes of a rejected CronJob.
package cron

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Schedule says when a CronJob fires.
type Schedule interface {
	// Next returns the first time after t at which the schedule fires, or the zero time if it
	// never does within five years.
	Next(t time.Time) time.Time
}

// starBit marks a day field written as * or ?, which changes how day of month and day of week
// combine.
const starBit = 1 << 63

type bounds struct {
	min, max uint
	names    map[string]uint
}

var (
	minutes    = bounds{0, 59, nil}
	hours      = bounds{0, 23, nil}
	daysOfMon  = bounds{1, 31, nil}
	months     = bounds{1, 12, map[string]uint{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}}
	daysOfWeek = bounds{0, 6, map[string]uint{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}}
)

// descriptors are the @ shorthands and the five fields each stands for.
var descriptors = map[string]string{
	"@yearly":   "0 0 1 1 *",
	"@annually": "0 0 1 1 *",
	"@monthly":  "0 0 1 * *",
	"@weekly":   "0 0 * * 0",
	"@daily":    "0 0 * * *",
	"@midnight": "0 0 * * *",
	"@hourly":   "0 * * * *",
}

// ParseStandard parses spec in the local time zone, unless it starts with TZ= or CRON_TZ=.
func ParseStandard(spec string) (Schedule, error) {
	if spec == "" {
		return nil, fmt.Errorf("empty spec string")
	}
	loc := time.Local
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		eq := strings.Index(spec, "=")
		name, rest, _ := strings.Cut(spec[eq+1:], " ")
		var err error
		if loc, err = time.LoadLocation(name); err != nil {
			return nil, fmt.Errorf("provided bad location %s: %v", name, err)
		}
		spec = strings.TrimSpace(rest)
	}
	if strings.HasPrefix(spec, "@") {
		return parseDescriptor(spec, loc)
	}
	return parseFields(spec, loc)
}

func parseDescriptor(spec string, loc *time.Location) (Schedule, error) {
	if fields, ok := descriptors[spec]; ok {
		return parseFields(fields, loc)
	}
	const every = "@every "
	if strings.HasPrefix(spec, every) {
		d, err := time.ParseDuration(spec[len(every):])
		if err != nil {
			return nil, fmt.Errorf("failed to parse duration %s: %s", spec, err)
		}
		return everySchedule(d), nil
	}
	return nil, fmt.Errorf("unrecognized descriptor: %s", spec)
}

func parseFields(spec string, loc *time.Location) (Schedule, error) {
	fields := strings.Fields(spec)
	if len(fields) != 5 {
		return nil, fmt.Errorf("expected exactly 5 fields, found %d: %s", len(fields), fields)
	}
	s := &specSchedule{loc: loc}
	for i, f := range []struct {
		bits *uint64
		b    bounds
	}{{&s.minute, minutes}, {&s.hour, hours}, {&s.dom, daysOfMon}, {&s.month, months}, {&s.dow, daysOfWeek}} {
		bits, err := parseField(fields[i], f.b)
		if err != nil {
			return nil, err
		}
		*f.bits = bits
	}
	return s, nil
}

// parseField parses a comma-separated list of values, ranges and steps into a bit set.
func parseField(field string, b bounds) (uint64, error) {
	var bits uint64
	for _, expr := range strings.Split(field, ",") {
		r, err := parseRange(expr, b)
		if err != nil {
			return 0, err
		}
		bits |= r
	}
	return bits, nil
}

func parseRange(expr string, b bounds) (uint64, error) {
	rangeAndStep := strings.Split(expr, "/")
	lowAndHigh := strings.Split(rangeAndStep[0], "-")
	var start, end uint
	var extra uint64
	var err error
	if lowAndHigh[0] == "*" || lowAndHigh[0] == "?" {
		start, end, extra = b.min, b.max, starBit
	} else {
		if start, err = parseValue(lowAndHigh[0], b.names); err != nil {
			return 0, err
		}
		switch len(lowAndHigh) {
		case 1:
			end = start
		case 2:
			if end, err = parseValue(lowAndHigh[1], b.names); err != nil {
				return 0, err
			}
		default:
			return 0, fmt.Errorf("too many hyphens: %s", expr)
		}
	}
	step := uint(1)
	switch len(rangeAndStep) {
	case 1:
	case 2:
		if step, err = parseNumber(rangeAndStep[1]); err != nil {
			return 0, err
		}
		// "N/step" runs from N to the field's maximum.
		if len(lowAndHigh) == 1 {
			end = b.max
		}
		if step > 1 {
			extra = 0
		}
	default:
		return 0, fmt.Errorf("too many slashes: %s", expr)
	}
	switch {
	case start < b.min:
		return 0, fmt.Errorf("beginning of range (%d) below minimum (%d): %s", start, b.min, expr)
	case end > b.max:
		return 0, fmt.Errorf("end of range (%d) above maximum (%d): %s", end, b.max, expr)
	case start > end:
		return 0, fmt.Errorf("beginning of range (%d) beyond end of range (%d): %s", start, end, expr)
	case step == 0:
		return 0, fmt.Errorf("step of range should be a positive number: %s", expr)
	}
	var bits uint64
	for i := start; i <= end; i += step {
		bits |= 1 << i
	}
	return bits | extra, nil
}

func parseValue(expr string, names map[string]uint) (uint, error) {
	if v, ok := names[strings.ToLower(expr)]; ok {
		return v, nil
	}
	return parseNumber(expr)
}

func parseNumber(expr string) (uint, error) {
	n, err := strconv.Atoi(expr)
	if err != nil {
		return 0, fmt.Errorf("failed to parse int from %s: %s", expr, err)
	}
	if n < 0 {
		return 0, fmt.Errorf("negative number (%d) not allowed: %s", n, expr)
	}
	return uint(n), nil
}

// specSchedule fires at the minutes whose bits are set in every field.
type specSchedule struct {
	minute, hour, dom, month, dow uint64
	loc                           *time.Location
}

func has(bits uint64, v int) bool { return bits&(1<<uint(v)) != 0 }

// dayMatches combines day of month and day of week as cron does: when either is a star both must
// match, otherwise either may.
func (s *specSchedule) dayMatches(t time.Time) bool {
	dom, dow := has(s.dom, t.Day()), has(s.dow, int(t.Weekday()))
	if s.dom&starBit != 0 || s.dow&starBit != 0 {
		return dom && dow
	}
	return dom || dow
}

// Next walks forward from t, skipping a whole month, day or hour as soon as it cannot match.
func (s *specSchedule) Next(t time.Time) time.Time {
	origLoc := t.Location()
	t = t.In(s.loc)
	t = t.Add(time.Minute - time.Duration(t.Second())*time.Second - time.Duration(t.Nanosecond()))
	limit := t.AddDate(5, 0, 0)
	for t.Before(limit) {
		switch {
		case !has(s.month, int(t.Month())):
			t = time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, s.loc)
		case !s.dayMatches(t):
			t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, s.loc)
		case !has(s.hour, t.Hour()):
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour()+1, 0, 0, 0, s.loc)
		case !has(s.minute, t.Minute()):
			t = t.Add(time.Minute)
		default:
			return t.In(origLoc)
		}
	}
	return time.Time{}
}

// everySchedule fires at a fixed interval, rounded to whole seconds of at least one.
type everySchedule time.Duration

// Next returns t plus the interval, on a whole second.
func (e everySchedule) Next(t time.Time) time.Time {
	d := time.Duration(e).Truncate(time.Second)
	if d < time.Second {
		d = time.Second
	}
	return t.Add(d - time.Duration(t.Nanosecond()))
}

package cron

import (
	"testing"
	"time"
)

func TestBatchCronParseErrors(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"", "empty spec string"},
		{"* * * *", "expected exactly 5 fields, found 4: [* * * *]"},
		{"0 0 * * * *", "expected exactly 5 fields, found 6: [0 0 * * * *]"},
		{"60 * * * *", "end of range (60) above maximum (59): 60"},
		{"* 24 * * *", "end of range (24) above maximum (23): 24"},
		{"* * 0 * *", "beginning of range (0) below minimum (1): 0"},
		{"* * * 13 *", "end of range (13) above maximum (12): 13"},
		{"* * * * 7", "end of range (7) above maximum (6): 7"},
		{"5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"},
		{"*/0 * * * *", "step of range should be a positive number: */0"},
		{"1-2-3 * * * *", "too many hyphens: 1-2-3"},
		{"*/2/3 * * * *", "too many slashes: */2/3"},
		{"a * * * *", `failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax`},
		{"@fortnightly", "unrecognized descriptor: @fortnightly"},
		{"@every 5", "failed to parse duration @every 5: time: missing unit in duration \"5\""},
		{"TZ=Mars/Olympus * * * * *", "provided bad location Mars/Olympus: unknown time zone Mars/Olympus"},
	} {
		if _, err := ParseStandard(tc.spec); err == nil || err.Error() != tc.want {
			t.Errorf("ParseStandard(%q) error = %v, want %q", tc.spec, err, tc.want)
		}
	}
}

func TestBatchCronNext(t *testing.T) {
	from := time.Date(2026, time.January, 30, 10, 17, 42, 0, time.UTC) // a Friday
	for _, tc := range []struct {
		spec string
		want time.Time
	}{
		{"* * * * *", time.Date(2026, 1, 30, 10, 18, 0, 0, time.UTC)},
		{"*/15 * * * *", time.Date(2026, 1, 30, 10, 30, 0, 0, time.UTC)},
		{"@hourly", time.Date(2026, 1, 30, 11, 0, 0, 0, time.UTC)},
		{"@daily", time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)},
		{"@weekly", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
		{"@monthly", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
		{"@yearly", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"30 9 * * mon-fri", time.Date(2026, 2, 2, 9, 30, 0, 0, time.UTC)},
		{"0 0 31 * *", time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)},
		{"0 0 30 * *", time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)},
		{"0 0 29 feb *", time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC)},
		// Both day fields restricted: either one matching is enough.
		{"0 12 1 * sat", time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)},
		{"TZ=Europe/Berlin 0 12 * * *", time.Date(2026, 1, 30, 11, 0, 0, 0, time.UTC)},
		{"@every 90s", time.Date(2026, 1, 30, 10, 19, 12, 0, time.UTC)},
	} {
		s, err := ParseStandard(tc.spec)
		if err != nil {
			t.Fatalf("ParseStandard(%q): %v", tc.spec, err)
		}
		if got := s.Next(from); !got.Equal(tc.want) {
			t.Errorf("%q: Next(%v) = %v, want %v", tc.spec, from, got, tc.want)
		}
	}
}

func TestBatchCronNeverFires(t *testing.T) {
	s, err := ParseStandard("0 0 30 feb *")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Next(time.Now()); !got.IsZero() {
		t.Errorf("Next = %v, want the zero time for a schedule that never fires", got)
	}
}

package startupgc

import (
	"os"
	"runtime/debug"
	"testing"
)

func TestPauseAndResume(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set, which Pause leaves alone")
	}
	percent := debug.SetGCPercent(150)
	defer debug.SetGCPercent(percent)
	limit := debug.SetMemoryLimit(-1)

	resume := Pause()
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("GC percent while paused = %d, want -1 (off)", got)
	}
	if got := debug.SetMemoryLimit(-1); got != Ceiling {
		t.Errorf("memory limit while paused = %d, want %d", got, Ceiling)
	}
	resume()
	resume()
	if got := debug.SetGCPercent(-1); got != 150 {
		t.Errorf("GC percent after resume = %d, want the 150 it was", got)
	}
	debug.SetGCPercent(150)
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("memory limit after resume = %d, want the %d it was", got, limit)
	}
}

func TestPauseLeavesAnExplicitSettingAlone(t *testing.T) {
	t.Setenv("GOGC", "200")
	percent := debug.SetGCPercent(120)
	defer debug.SetGCPercent(percent)
	resume := Pause()
	defer resume()
	if got := debug.SetGCPercent(120); got != 120 {
		t.Errorf("GC percent with GOGC set = %d, want it left at 120", got)
	}
}

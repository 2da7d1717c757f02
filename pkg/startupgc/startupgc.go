// Package startupgc defers garbage collection while kapi starts. A start allocates some 450 MB,
// nearly all of it short-lived (OpenAPI documents built, marshalled and merged, registries
// installed), and with the default GOGC the collector runs cycle after cycle on a heap growing from
// nothing: about a fifth of the CPU of a start on two cores. While paused, the collector runs only
// if the heap nears a ceiling; once the server is ready the process's own settings come back and
// the garbage of the start is collected and returned to the operating system.
package startupgc

import (
	"os"
	"runtime/debug"
	"sync"
	"time"
)

const (
	// Ceiling is the memory the runtime may use before the collector runs during a start.
	Ceiling = 320 << 20
	// MaxPause is the longest a start may keep collection paused; a start takes about a second.
	MaxPause = 30 * time.Second
)

// Pause stops garbage collection until the returned resume is called, which may be called more
// than once. A process told how to collect, through GOGC or GOMEMLIMIT, is left as it is.
func Pause() (resume func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(Ceiling)
	var once sync.Once
	return func() {
		once.Do(func() {
			debug.SetGCPercent(percent)
			debug.SetMemoryLimit(limit)
			debug.FreeOSMemory()
		})
	}
}

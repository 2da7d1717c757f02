package embeddedetcd

import (
	"sync"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// foldWindow is how long a message etcd logged stays folded: its repeats within the window are
// counted instead of written.
const foldWindow = 10 * time.Second

// repeatFolder folds the messages etcd repeats in a loop (after a crash it logs "failed to publish
// local member" thousands of times while it replays its log) into one line, and the count of its
// repeats into the next line written for it.
type repeatFolder struct {
	mu   sync.Mutex
	now  func() time.Time
	seen map[string]*repeat
}

// repeat is what the folder knows of one message.
type repeat struct {
	written time.Time
	// folded counts the repeats since the message was last written.
	folded int
	// entry and core write the count when the folder is flushed.
	entry zapcore.Entry
	core  zapcore.Core
}

func newRepeatFolder() *repeatFolder {
	return &repeatFolder{now: time.Now, seen: map[string]*repeat{}}
}

// check reports whether ent is to be written by core, and the fields to add to it: the count of
// its repeats folded since it was last written.
func (f *repeatFolder) check(ent zapcore.Entry, core zapcore.Core) (write bool, fields []zapcore.Field) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	r, ok := f.seen[ent.Message]
	if !ok {
		f.seen[ent.Message] = &repeat{written: now}
		return true, nil
	}
	if now.Sub(r.written) < foldWindow {
		r.folded++
		r.entry, r.core = ent, core
		return false, nil
	}
	if r.folded > 0 {
		fields = []zapcore.Field{zap.Int("repeated", r.folded)}
	}
	r.written, r.folded, r.entry, r.core = now, 0, zapcore.Entry{}, nil
	return true, fields
}

// flush writes a line with the count of every message with folded repeats.
func (f *repeatFolder) flush() {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	for _, r := range f.seen {
		if r.folded == 0 {
			continue
		}
		ent := r.entry
		ent.Time = now
		_ = r.core.Write(ent, []zapcore.Field{zap.Int("repeated", r.folded)})
		r.written, r.folded, r.entry, r.core = now, 0, zapcore.Entry{}, nil
	}
}

// foldingCore writes what its folder lets through, with the count of folded repeats.
type foldingCore struct {
	zapcore.Core
	folder *repeatFolder
}

func (c foldingCore) With(fields []zapcore.Field) zapcore.Core {
	return foldingCore{Core: c.Core.With(fields), folder: c.folder}
}

func (c foldingCore) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if !c.Enabled(ent.Level) {
		return ce
	}
	write, fields := c.folder.check(ent, c.Core)
	if !write {
		return ce
	}
	if fields != nil {
		return ce.AddCore(ent, c.Core.With(fields))
	}
	return ce.AddCore(ent, c.Core)
}

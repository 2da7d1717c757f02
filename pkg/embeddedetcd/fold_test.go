package embeddedetcd

import (
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

func TestRepeatFolder(t *testing.T) {
	const publish = "failed to publish local member to cluster through raft"
	type line struct {
		msg      string
		repeated int64
	}
	tests := []struct {
		name string
		// steps are messages logged, "+Ns" to advance the clock, and "flush".
		steps []string
		want  []line
	}{
		{name: "distinct messages all written", steps: []string{publish, "apply request took too long"}, want: []line{{msg: publish}, {msg: "apply request took too long"}}},
		{name: "repeats folded until flush", steps: []string{publish, publish, publish, "flush"}, want: []line{{msg: publish}, {msg: publish, repeated: 2}}},
		{name: "count carried by the next line after the window", steps: []string{publish, publish, "+11s", publish}, want: []line{{msg: publish}, {msg: publish, repeated: 1}}},
		{name: "lone repeat after the window has no count", steps: []string{publish, "+11s", publish}, want: []line{{msg: publish}, {msg: publish}}},
		{name: "flush with nothing folded writes nothing", steps: []string{publish, "flush"}, want: []line{{msg: publish}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			core, logs := observer.New(zapcore.WarnLevel)
			folder := newRepeatFolder()
			now := time.Unix(0, 0)
			folder.now = func() time.Time { return now }
			lg := quietLogger(zap.New(core), new(atomic.Bool), folder)
			for _, step := range tt.steps {
				switch {
				case step == "flush":
					folder.flush()
				case step[0] == '+':
					d, err := time.ParseDuration(step[1:])
					if err != nil {
						t.Fatal(err)
					}
					now = now.Add(d)
				default:
					lg.Warn(step, zap.String("local-member-id", "8e9e05c52164694d"))
				}
			}
			var got []line
			for _, e := range logs.All() {
				l := line{msg: e.Message}
				if n, ok := e.ContextMap()["repeated"]; ok {
					l.repeated = n.(int64)
				}
				got = append(got, l)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("lines = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("line %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

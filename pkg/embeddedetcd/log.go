package embeddedetcd

import (
	"os"
	"strings"
	"sync/atomic"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// alwaysBenign are warnings etcd emits on every start of a server
// configured the way kapi configures it.
var alwaysBenign = map[string]bool{
	// Sharing one loopback port between gRPC and HTTP is deliberate.
	"Running http and grpc server on single port. This is not recommended for production.": true,
}

// shutdownNoise are the errors etcd logs from its own serving goroutines
// when Close stops them; they report the stop itself, not a failure.
var shutdownNoise = map[string]bool{
	"setting up serving from embedded etcd failed.": true,
	"stopping insecure grpc server due to error":    true,
	"stopped insecure grpc server due to error":     true,
	// A cluster-version update still in flight is cancelled by the stop.
	"failed to update cluster version": true,
}

// termRace are messages a fresh member logs when its storage-version
// monitor runs before the first raft term reaches the backend; the monitor
// retries a few seconds later and succeeds.
var termRace = map[string]bool{
	"Failed to detect schema version":  true,
	"failed to update storage version": true,
}

const termRaceCause = "missing term information"

// quietLogger caps lg (stderr when nil) at warn level, drops the benign
// warnings and errors above, as etcd otherwise logs dozens of lines on
// every start and stop, and folds repeats into folder. Shutdown noise is
// dropped once stopping is set.
func quietLogger(lg *zap.Logger, stopping *atomic.Bool, folder *repeatFolder) *zap.Logger {
	if lg == nil {
		encCfg := zap.NewProductionEncoderConfig()
		encCfg.EncodeTime = zapcore.ISO8601TimeEncoder
		lg = zap.New(zapcore.NewCore(zapcore.NewConsoleEncoder(encCfg), zapcore.Lock(os.Stderr), zapcore.WarnLevel))
	}
	return lg.WithOptions(zap.WrapCore(func(c zapcore.Core) zapcore.Core {
		// An error means c is already stricter than warn.
		if capped, err := zapcore.NewIncreaseLevelCore(c, zapcore.WarnLevel); err == nil {
			c = capped
		}
		return &quietCore{Core: foldingCore{Core: c, folder: folder}, stopping: stopping}
	}))
}

type quietCore struct {
	zapcore.Core
	stopping *atomic.Bool
}

func (c *quietCore) With(fields []zapcore.Field) zapcore.Core {
	return &quietCore{Core: c.Core.With(fields), stopping: c.stopping}
}

func (c *quietCore) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	switch {
	case alwaysBenign[ent.Message]:
		return ce
	case shutdownNoise[ent.Message] && c.stopping.Load():
		return ce
	case termRace[ent.Message]:
		// Only the error field tells the race from a real failure, and
		// fields are not known until Write.
		if !c.Enabled(ent.Level) {
			return ce
		}
		return ce.AddCore(ent, termRaceFilter{c.Core})
	}
	return c.Core.Check(ent, ce)
}

type termRaceFilter struct {
	zapcore.Core
}

func (f termRaceFilter) Write(ent zapcore.Entry, fields []zapcore.Field) error {
	for _, field := range fields {
		if err, ok := field.Interface.(error); ok && field.Type == zapcore.ErrorType && strings.Contains(err.Error(), termRaceCause) {
			return nil
		}
	}
	return f.Core.Write(ent, fields)
}

package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"time"
)

// readyPollInterval is how often WaitReady asks.
const readyPollInterval = 100 * time.Millisecond

// WaitReady returns once /readyz answers 200, or with ctx's error. It asks the server's handler
// in-process, past the network and authentication, so it may be called before Run listens.
func (s *Server) WaitReady(ctx context.Context) error {
	ticker := time.NewTicker(readyPollInterval)
	defer ticker.Stop()
	for {
		recorder := httptest.NewRecorder()
		s.GenericAPIServer.Handler.NonGoRestfulMux.ServeHTTP(recorder, httptest.NewRequestWithContext(ctx, http.MethodGet, "/readyz", nil))
		if recorder.Code == http.StatusOK {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticker.C:
		}
	}
}

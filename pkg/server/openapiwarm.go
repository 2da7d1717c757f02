package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"time"

	"k8s.io/apiserver/pkg/server/mux"
)

// openAPIWarmPoll is how often warmOpenAPIV3 looks for the document while the servers prepare.
const openAPIWarmPoll = 5 * time.Millisecond

// warmOpenAPIV3 asks kapi's server for its OpenAPI v3 index as soon as the server's preparation
// has installed it, and so computes the hash of every group version's document, which means
// marshalling each. The aggregator asks for that index too, but only after it has downloaded and
// parsed the v2 document; warmed beforehand on the other core, the answer is cached by then. It
// gives up when done or ctx ends.
func warmOpenAPIV3(ctx context.Context, handler *mux.PathRecorderMux, done <-chan struct{}) {
	ticker := time.NewTicker(openAPIWarmPoll)
	defer ticker.Stop()
	for {
		recorder := httptest.NewRecorder()
		handler.ServeHTTP(recorder, httptest.NewRequestWithContext(ctx, http.MethodGet, "/openapi/v3", nil))
		if recorder.Code == http.StatusOK {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-done:
			return
		case <-ticker.C:
		}
	}
}

package server

import (
	"net/http"
	"net/http/httptest"
	"testing"

	genericapiserver "k8s.io/apiserver/pkg/server"
	utilfeature "k8s.io/apiserver/pkg/util/feature"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// TestHealthChecksBypassMaxInFlight fills the one read slot of the max-in-flight limiter with a
// request that waits, and checks that health checks still reach the handler while other reads get
// 429.
func TestHealthChecksBypassMaxInFlight(t *testing.T) {
	c := genericapiserver.NewConfig(scheme.Codecs)
	c.MaxRequestsInFlight, c.MaxMutatingRequestsInFlight = 1, 1
	c.FeatureGate = utilfeature.DefaultFeatureGate
	c.RequestInfoResolver = genericapiserver.NewRequestInfoResolver(c)
	entered, release := make(chan struct{}), make(chan struct{})
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/namespaces/hold" {
			close(entered)
			<-release
		}
		w.WriteHeader(http.StatusOK)
	})
	srv := httptest.NewServer(buildHandlerChain(api, c))
	defer srv.Close()

	held := make(chan struct{})
	go func() {
		defer close(held)
		if resp, err := http.Get(srv.URL + "/api/v1/namespaces/hold"); err == nil {
			_ = resp.Body.Close()
		}
	}()
	<-entered
	for path, want := range map[string]int{
		"/healthz": http.StatusOK, "/livez": http.StatusOK, "/readyz": http.StatusOK, "/readyz/etcd": http.StatusOK,
		"/healthzz": http.StatusTooManyRequests, "/api/v1/namespaces": http.StatusTooManyRequests,
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s = %d while the read slot is taken, want %d", path, resp.StatusCode, want)
		}
	}
	close(release)
	<-held
}

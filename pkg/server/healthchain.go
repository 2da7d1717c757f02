package server

import (
	"net/http"
	"strings"

	genericapiserver "k8s.io/apiserver/pkg/server"

	"github.com/kapi-dev/kapi/pkg/listbudget"
)

// healthCheckRoots are the health endpoints, each also served with its individual checks below it
// (/readyz/etcd, /livez/ping).
var healthCheckRoots = []string{"/healthz", "/livez", "/readyz"}

// buildHandlerChain is the generic server's handler chain, except that health checks bypass the
// request limiters (max-in-flight, or API Priority and Fairness): a probe that a flood of other
// requests turns away would have the kubelet or a load balancer restart or drain a server that is
// only busy. Health checks still pass authentication, authorization, audit and the timeout. LISTs
// run within a memory budget, after authorization so that a refused one waits for nothing.
func buildHandlerChain(apiHandler http.Handler, c *genericapiserver.Config) http.Handler {
	if c.StorageObjectCountTracker != nil {
		apiHandler = listbudget.New(listbudget.DefaultBytes, c.StorageObjectCountTracker.Get).WithBudget(apiHandler)
	}
	limited := genericapiserver.DefaultBuildHandlerChain(apiHandler, c)
	unlimitedConfig := *c
	unlimitedConfig.FlowControl = nil
	// Both limits 0 is what turns the max-in-flight filter off.
	unlimitedConfig.MaxRequestsInFlight, unlimitedConfig.MaxMutatingRequestsInFlight = 0, 0
	unlimited := genericapiserver.DefaultBuildHandlerChain(apiHandler, &unlimitedConfig)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isHealthCheck(r.URL.Path) {
			unlimited.ServeHTTP(w, r)
			return
		}
		limited.ServeHTTP(w, r)
	})
}

func isHealthCheck(path string) bool {
	for _, root := range healthCheckRoots {
		if path == root || strings.HasPrefix(path, root+"/") {
			return true
		}
	}
	return false
}

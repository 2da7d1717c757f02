// Package logshandler serves the host's log files under /logs/, as kube-apiserver's
// --enable-logs-handler does, for administrators who may read the API server host's /var/log.
package logshandler

import (
	"net/http"

	"k8s.io/apiserver/pkg/server/mux"
)

// Dir is the directory served.
const Dir = "/var/log"

// Install serves dir under /logs/ on m: files as they are, directories as listings.
func Install(m *mux.PathRecorderMux, dir string) {
	m.UnlistedHandle("/logs", http.RedirectHandler("/logs/", http.StatusMovedPermanently))
	m.HandlePrefix("/logs/", http.StripPrefix("/logs/", http.FileServer(http.Dir(dir))))
}

package logshandler

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/apiserver/pkg/server/mux"
)

func TestInstall(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "kapi.log"), []byte("started\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := mux.NewPathRecorderMux("test")
	Install(m, dir)
	for _, tc := range []struct {
		path string
		code int
		body string
	}{
		{"/logs/kapi.log", http.StatusOK, "started\n"},
		{"/logs/", http.StatusOK, "kapi.log"},
		{"/logs/missing.log", http.StatusNotFound, ""},
		{"/logs/../../etc/passwd", http.StatusNotFound, ""},
	} {
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
		body, _ := io.ReadAll(rec.Body)
		if rec.Code != tc.code || !strings.Contains(string(body), tc.body) {
			t.Errorf("%s: %d %q, want %d containing %q", tc.path, rec.Code, body, tc.code, tc.body)
		}
	}
}

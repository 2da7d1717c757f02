package integration

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// doRaw sends one request as the admin and returns the status code and the decoded Status, if any.
func doRaw(t *testing.T, method, path, contentType string, body []byte) (int, metav1.Status) {
	t.Helper()
	code, data := sendRaw(t, server.ClientConfig, method, path, contentType, body)
	var status metav1.Status
	_ = json.Unmarshal(data, &status)
	return code, status
}

func TestBadInputGetsUpstreamStatus(t *testing.T) {
	createNamespace(t, jsonClient(t), "bad-input")
	pods := "/api/v1/namespaces/bad-input/pods"
	validPod := `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"dup"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}`
	if code, status := doRaw(t, "POST", pods, "application/json", []byte(validPod)); code != http.StatusCreated {
		t.Fatalf("creating the first pod: %d %s", code, status.Message)
	}
	huge := `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"huge","annotations":{"a":"` + strings.Repeat("x", 3*1024*1024+1) + `"}}}`

	cases := []struct {
		name        string
		method      string
		path        string
		contentType string
		body        string
		wantCode    int
		wantReason  metav1.StatusReason
		wantMessage string
	}{
		{"malformed JSON", "POST", pods, "application/json", `{"apiVersion":"v1","kind":"Pod",`, 400, metav1.StatusReasonBadRequest, ""},
		{"unknown kind", "POST", pods, "application/json", `{"apiVersion":"v1","kind":"Potato","metadata":{"name":"x"}}`, 400, metav1.StatusReasonBadRequest, "Potato"},
		{"missing object", "GET", pods + "/absent", "", "", 404, metav1.StatusReasonNotFound, `pods "absent" not found`},
		{"duplicate", "POST", pods, "application/json", validPod, 409, metav1.StatusReasonAlreadyExists, `pods "dup" already exists`},
		{"stale resourceVersion", "PUT", pods + "/dup", "application/json",
			`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"dup","resourceVersion":"1"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}`,
			409, metav1.StatusReasonConflict, "the object has been modified"},
		{"body over 3 MiB", "POST", pods, "application/json", huge, 413, metav1.StatusReasonRequestEntityTooLarge, ""},
		{"unsupported media type", "POST", pods, "text/plain", validPod, 415, metav1.StatusReasonUnsupportedMediaType, ""},
		{"invalid object", "POST", pods, "application/json", `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"Bad_Name"},"spec":{"containers":[]}}`,
			422, metav1.StatusReasonInvalid, `Pod "Bad_Name" is invalid`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, status := doRaw(t, tc.method, tc.path, tc.contentType, []byte(tc.body))
			if code != tc.wantCode || status.Reason != tc.wantReason {
				t.Fatalf("got %d %q (%s), want %d %q", code, status.Reason, status.Message, tc.wantCode, tc.wantReason)
			}
			if !strings.Contains(status.Message, tc.wantMessage) {
				t.Errorf("message %q does not contain %q", status.Message, tc.wantMessage)
			}
		})
	}
}

func TestInvalidPodHasFieldCauses(t *testing.T) {
	body := `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"nocontainers"},"spec":{"containers":[]}}`
	code, status := doRaw(t, "POST", "/api/v1/namespaces/default/pods", "application/json", []byte(body))
	if code != http.StatusUnprocessableEntity || status.Details == nil {
		t.Fatalf("got %d %+v, want 422 with details", code, status)
	}
	found := false
	for _, c := range status.Details.Causes {
		if c.Field == "spec.containers" && c.Type == metav1.CauseTypeFieldValueRequired {
			found = true
		}
	}
	if !found {
		t.Fatalf("causes %+v lack FieldValueRequired on spec.containers", status.Details.Causes)
	}
}

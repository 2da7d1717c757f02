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
	configMaps := "/api/v1/namespaces/bad-input/configmaps"
	if code, status := doRaw(t, "POST", configMaps, "application/json", []byte(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target"}}`)); code != http.StatusCreated {
		t.Fatalf("creating the patch target: %d %s", code, status.Message)
	}
	deep := func(depth int) string {
		return `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"deep-"},"x":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}`
	}

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
		{"YAML alias bomb", "POST", configMaps, "application/yaml", yamlAliasBomb(), 400, metav1.StatusReasonBadRequest, "yaml: document contains excessive aliasing"},
		{"YAML tab indentation", "POST", configMaps, "application/yaml", "apiVersion: v1\nkind: ConfigMap\n\tmetadata: x\n", 400, metav1.StatusReasonBadRequest, "found a tab character that violates indentation"},
		{"JSON nested past the limit", "POST", configMaps, "application/json", deep(20000), 400, metav1.StatusReasonBadRequest, "exceeded max depth"},
		{"JSON nested within the limit", "POST", configMaps, "application/json", deep(5000), 201, "", ""},
		{"truncated JSON", "POST", configMaps, "application/json", `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"t`, 400, metav1.StatusReasonBadRequest, "unexpected end of JSON input"},
		{"empty body", "POST", configMaps, "application/json", "", 400, metav1.StatusReasonBadRequest, "unexpected end of JSON input"},
		{"JSON array", "POST", configMaps, "application/json", "[1,2]", 400, metav1.StatusReasonBadRequest, "cannot unmarshal array"},
		{"JSON null", "POST", configMaps, "application/json", "null", 422, metav1.StatusReasonInvalid, "name or generateName is required"},
		{"number out of range", "POST", configMaps, "application/json", `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"num","generation":1e400}}`, 400, metav1.StatusReasonBadRequest, "cannot unmarshal number 1e400"},
		{"duplicate field, strict", "POST", configMaps + "?fieldValidation=Strict", "application/json", `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d","name":"e"}}`, 400, metav1.StatusReasonBadRequest, `strict decoding error: duplicate field "metadata.name"`},
		{"invalid UTF-8 in a name", "POST", configMaps, "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\xff\"}}", 422, metav1.StatusReasonInvalid, "a lowercase RFC 1123 subdomain"},
		{"invalid UTF-8 in data", "POST", configMaps, "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"utf\"},\"data\":{\"k\":\"a\xffb\"}}", 201, "", ""},
		{"protobuf without the magic prefix", "POST", configMaps, "application/vnd.kubernetes.protobuf", "hello", 400, metav1.StatusReasonBadRequest, "provided data does not appear to be a protobuf message"},
		{"truncated protobuf", "POST", configMaps, "application/vnd.kubernetes.protobuf", "k8s\x00\x0a\x0f\x0a\x02v1\x12\x09ConfigMa", 400, metav1.StatusReasonBadRequest, "unexpected EOF"},
		{"XML", "POST", configMaps, "application/xml", "<x/>", 415, metav1.StatusReasonUnsupportedMediaType, "the body of the request was in an unknown format"},
		{"merge patch not JSON", "PATCH", configMaps + "/target", "application/merge-patch+json", "{{", 400, metav1.StatusReasonBadRequest, "invalid JSON patch"},
		{"JSON patch with an unknown op", "PATCH", configMaps + "/target", "application/json-patch+json", `[{"op":"bogus"}]`, 422, metav1.StatusReasonInvalid, "the server rejected our request due to an error in our request"},
		{"apply without a field manager", "PATCH", configMaps + "/target", "application/apply-patch+yaml", `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target"}}`, 422, metav1.StatusReasonInvalid, "fieldManager: Required value: is required for apply patch"},
		{"unparsable label selector", "GET", configMaps + "?labelSelector=a%20in%20(", "", "", 400, metav1.StatusReasonBadRequest, "unable to parse requirement"},
		{"unknown field selector", "GET", configMaps + "?fieldSelector=spec.bogus%3D1", "", "", 400, metav1.StatusReasonBadRequest, `"spec.bogus" is not a known field selector`},
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
	if code, _ := doRaw(t, "GET", "/readyz", "", nil); code != http.StatusOK {
		t.Errorf("/readyz answers %d after the bad input, want 200", code)
	}
}

// yamlAliasBomb is a ConfigMap in YAML whose aliases would expand to 9^9 strings.
func yamlAliasBomb() string {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n")
	b.WriteString(`a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]` + "\n")
	prev := "a"
	for _, anchor := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		b.WriteString(anchor + ": &" + anchor + " [" + strings.TrimSuffix(strings.Repeat("*"+prev+",", 9), ",") + "]\n")
		prev = anchor
	}
	return b.String()
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

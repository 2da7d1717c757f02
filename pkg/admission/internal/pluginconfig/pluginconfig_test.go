package pluginconfig

import (
	"strings"
	"testing"

	configv1alpha1 "github.com/kapi-dev/kapi/pkg/apis/eventratelimit/v1alpha1"
	configv1 "github.com/kapi-dev/kapi/pkg/apis/podtolerationrestriction/v1"
)

func TestDecode(t *testing.T) {
	d, err := NewDecoder(configv1alpha1.AddToScheme)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file string
		wantErr    string
	}{
		{name: "yaml", file: "apiVersion: eventratelimit.admission.k8s.io/v1alpha1\nkind: Configuration\nlimits:\n- type: Server\n  qps: 1\n  burst: 1\n"},
		{name: "json", file: `{"apiVersion":"eventratelimit.admission.k8s.io/v1alpha1","kind":"Configuration"}`},
		{name: "unregistered kind", file: "apiVersion: eventratelimit.admission.k8s.io/v1alpha1\nkind: Other\n", wantErr: `no kind "Other" is registered`},
		{name: "no kind", file: "limits: []\n", wantErr: "Object 'Kind' is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode[*configv1alpha1.Configuration](d, strings.NewReader(tc.file))
			if tc.wantErr == "" && err != nil {
				t.Fatal(err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
	if _, err := Decode[*configv1.Configuration](d, strings.NewReader("apiVersion: eventratelimit.admission.k8s.io/v1alpha1\nkind: Configuration\n")); err == nil || err.Error() != "unexpected type: *v1alpha1.Configuration" {
		t.Errorf("decoding into another type: error = %v", err)
	}
}

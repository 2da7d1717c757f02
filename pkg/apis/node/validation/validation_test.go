package validation

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	nodev1 "k8s.io/api/node/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func messages(errs field.ErrorList) string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return strings.Join(out, "\n")
}

func runtimeClass(handler string) *nodev1.RuntimeClass {
	return &nodev1.RuntimeClass{ObjectMeta: metav1.ObjectMeta{Name: "gvisor", ResourceVersion: "1"}, Handler: handler}
}

func TestValidateRuntimeClass(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*nodev1.RuntimeClass)
		want   []string
	}{
		{"valid", func(*nodev1.RuntimeClass) {}, nil},
		{"handler not a DNS label", func(rc *nodev1.RuntimeClass) { rc.Handler = "run.sc" }, []string{
			`handler: Invalid value: "run.sc": must not contain dots`,
		}},
		{"no handler", func(rc *nodev1.RuntimeClass) { rc.Handler = "" }, []string{
			`handler: Invalid value: "": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
		}},
		{"negative overhead", func(rc *nodev1.RuntimeClass) {
			rc.Overhead = &nodev1.Overhead{PodFixed: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("-1")}}
		}, []string{
			`overhead.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0`,
		}},
		{"scheduling", func(rc *nodev1.RuntimeClass) {
			rc.Scheduling = &nodev1.Scheduling{
				NodeSelector: map[string]string{"sandbox": "a b"},
				Tolerations:  []corev1.Toleration{{Operator: corev1.TolerationOpEqual, Value: "x"}},
			}
		}, []string{
			`scheduling.nodeSelector: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
			`scheduling.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when ` + "`key`" + ` is empty, which means "match all values and all keys"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := runtimeClass("runsc")
			tt.mutate(rc)
			if got, want := messages(ValidateRuntimeClass(rc)), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestValidateRuntimeClassUpdate(t *testing.T) {
	want := `handler: Invalid value: "kata": field is immutable`
	if got := messages(ValidateRuntimeClassUpdate(runtimeClass("kata"), runtimeClass("runsc"))); got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
}

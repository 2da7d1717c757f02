package podtolerationrestriction

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
	"github.com/kapi-dev/kapi/pkg/admission/internal/namespaces"
	configv1 "github.com/kapi-dev/kapi/pkg/apis/podtolerationrestriction/v1"
)

func TestReadConfig(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       []corev1.Toleration
		wantErr    string
	}{
		{name: "v1alpha1", file: "apiVersion: podtolerationrestriction.admission.k8s.io/v1alpha1\nkind: Configuration\ndefault:\n- key: a\n  operator: Exists\n", want: []corev1.Toleration{{Key: "a", Operator: corev1.TolerationOpExists}}},
		{name: "v1 json", file: `{"apiVersion":"podtolerationrestriction.admission.k8s.io/v1","kind":"Configuration","default":[{"key":"b","operator":"Exists"}]}`, want: []corev1.Toleration{{Key: "b", Operator: corev1.TolerationOpExists}}},
		{name: "invalid toleration", file: "apiVersion: podtolerationrestriction.admission.k8s.io/v1\nkind: Configuration\ndefault:\n- key: a\n  operator: Exists\n  value: x\n", wantErr: "invalid config: [podtolerationrestriction.default[0].operator: Invalid value: \"x\": value must be empty when `operator` is 'Exists']"},
		{name: "unknown kind", file: "apiVersion: podtolerationrestriction.admission.k8s.io/v1\nkind: Other\n", wantErr: "no kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readConfig(strings.NewReader(tc.file))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one mentioning %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got.Default); diff != "" {
				t.Errorf("default (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAdmit(t *testing.T) {
	noSchedule := func(key string) corev1.Toleration {
		return corev1.Toleration{Key: key, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}
	}
	namespaceList := []*corev1.Namespace{
		{ObjectMeta: metav1.ObjectMeta{Name: "plain"}},
		{ObjectMeta: metav1.ObjectMeta{Name: "gpu", Annotations: map[string]string{
			DefaultTolerationsAnnotation: `[{"key":"gpu","operator":"Exists","effect":"NoSchedule"}]`,
			WhitelistAnnotation:          `[{"key":"gpu","operator":"Exists"},{"key":"node.kubernetes.io/memory-pressure","operator":"Exists"}]`,
		}}},
		{ObjectMeta: metav1.ObjectMeta{Name: "no-defaults", Annotations: map[string]string{DefaultTolerationsAnnotation: "", WhitelistAnnotation: ""}}},
		{ObjectMeta: metav1.ObjectMeta{Name: "broken", Annotations: map[string]string{DefaultTolerationsAnnotation: "[{"}}},
	}
	config := &configv1.Configuration{Default: []corev1.Toleration{noSchedule("cluster")}, Whitelist: []corev1.Toleration{noSchedule("cluster"), noSchedule("dedicated")}}
	burstable := corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m")}}
	for _, tc := range []struct {
		name, namespace string
		operation       admission.Operation
		tolerations     []corev1.Toleration
		resources       corev1.ResourceRequirements
		want            []corev1.Toleration
		wantErr         string
	}{
		{name: "cluster default", namespace: "plain", want: []corev1.Toleration{noSchedule("cluster")}},
		{name: "cluster default merged after the pod's", namespace: "plain", tolerations: []corev1.Toleration{noSchedule("dedicated")}, want: []corev1.Toleration{noSchedule("dedicated"), noSchedule("cluster")}},
		{name: "namespace default", namespace: "gpu", want: []corev1.Toleration{noSchedule("gpu")}},
		{name: "memory pressure for burstable", namespace: "gpu", resources: burstable, want: []corev1.Toleration{noSchedule("gpu"), noSchedule(corev1.TaintNodeMemoryPressure)}},
		{name: "empty annotations override the cluster's", namespace: "no-defaults", tolerations: []corev1.Toleration{noSchedule("anything")}, want: []corev1.Toleration{noSchedule("anything")}},
		{name: "no defaults on update", namespace: "plain", operation: admission.Update, tolerations: []corev1.Toleration{noSchedule("dedicated")}, want: []corev1.Toleration{noSchedule("dedicated")}},
		{name: "outside the namespace whitelist", namespace: "gpu", tolerations: []corev1.Toleration{noSchedule("dedicated")}, wantErr: "pod tolerations (possibly merged with namespace default tolerations) conflict with its namespace whitelist"},
		{name: "outside the cluster whitelist", namespace: "plain", tolerations: []corev1.Toleration{noSchedule("other")}, wantErr: "pod tolerations (possibly merged with namespace default tolerations) conflict with its cluster whitelist"},
		{name: "malformed annotation", namespace: "broken", wantErr: "unexpected end of JSON input"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &plugin{Plugin: namespaces.New(admission.Create, admission.Update), config: config}
			admissiontest.KnowNamespaces(t, p, namespaceList...)
			p.SetReadyFunc(func() bool { return true })
			pod := &corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: tc.namespace},
				Spec:       corev1.PodSpec{Tolerations: tc.tolerations, Containers: []corev1.Container{{Name: "c", Image: "i", Resources: tc.resources}}},
			}
			attrs := admissiontest.Request{Object: pod, Old: pod.DeepCopy(), Namespace: tc.namespace, Name: "p", Operation: tc.operation}.Attributes()
			err := p.Admit(context.Background(), attrs, nil)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("error = %v, want %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, pod.Spec.Tolerations); diff != "" {
				t.Errorf("tolerations (-want +got):\n%s", diff)
			}
		})
	}
}

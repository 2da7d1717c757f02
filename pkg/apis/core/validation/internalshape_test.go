package validation

import (
	"encoding/json"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func TestInternalShapeRendering(t *testing.T) {
	cases := []struct {
		name  string
		value interface{}
		want  string
	}{
		{name: "struct uses Go names in order", value: corev1.Taint{Key: "k", Value: "v", Effect: corev1.TaintEffectNoSchedule}, want: `{"Key":"k","Value":"v","Effect":"NoSchedule","TimeAdded":null}`},
		{name: "slice of structs", value: []corev1.PodIP{{IP: "10.0.0.1"}}, want: `[{"IP":"10.0.0.1"}]`},
		{name: "nil slice", value: []corev1.PodIP(nil), want: `null`},
		{name: "pointer to struct", value: &corev1.NodeConfigSource{}, want: `{"ConfigMap":null}`},
		{name: "marshalers keep their encoding", value: servicePortKey{TargetPort: intstr.FromString("http")}, want: `{"Name":"","Protocol":"","AppProtocol":null,"Port":0,"TargetPort":"http","NodePort":0}`},
		{name: "maps are sorted", value: corev1.ResourceList{"memory": resource.MustParse("1Gi"), "cpu": resource.MustParse("1")}, want: `{"cpu":"1","memory":"1Gi"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(internalShape{tc.value})
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

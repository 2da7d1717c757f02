package v1_test

import (
	"encoding/json"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	_ "github.com/kapi-dev/kapi/pkg/apis/apps/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// specJSON defaults obj through the scheme, as a request would be, and renders what part returns.
func specJSON(t *testing.T, obj runtime.Object, part func() interface{}) string {
	t.Helper()
	scheme.Scheme.Default(obj)
	data, err := json.Marshal(part())
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestDeploymentDefaults(t *testing.T) {
	tests := []struct {
		name string
		spec appsv1.DeploymentSpec
		want string
	}{{
		name: "empty",
		want: `{"replicas":1,"selector":null,"template":{"metadata":{},"spec":{"containers":null,"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},"revisionHistoryLimit":10,"progressDeadlineSeconds":600}`,
	}, {
		name: "recreate gets no rolling update and explicit values stay",
		spec: appsv1.DeploymentSpec{
			Replicas:                ptr.To[int32](0),
			Strategy:                appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType},
			RevisionHistoryLimit:    ptr.To[int32](2),
			ProgressDeadlineSeconds: ptr.To[int32](30),
		},
		want: `{"replicas":0,"selector":null,"template":{"metadata":{},"spec":{"containers":null,"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}},"strategy":{"type":"Recreate"},"revisionHistoryLimit":2,"progressDeadlineSeconds":30}`,
	}, {
		name: "a partial rolling update is completed",
		spec: appsv1.DeploymentSpec{Strategy: appsv1.DeploymentStrategy{RollingUpdate: &appsv1.RollingUpdateDeployment{MaxSurge: ptr.To(intstr.FromInt32(2))}}},
		want: `{"replicas":1,"selector":null,"template":{"metadata":{},"spec":{"containers":null,"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":2}},"revisionHistoryLimit":10,"progressDeadlineSeconds":600}`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &appsv1.Deployment{Spec: tt.spec}
			if got := specJSON(t, d, func() interface{} { return d.Spec }); got != tt.want {
				t.Errorf("spec =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestTemplateDefaultsAreCore(t *testing.T) {
	d := &appsv1.Deployment{Spec: appsv1.DeploymentSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
		Containers: []corev1.Container{{Name: "web", Image: "nginx"}},
	}}}}
	got := specJSON(t, d, func() interface{} { return d.Spec.Template.Spec.Containers })
	want := `[{"name":"web","image":"nginx","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"Always"}]`
	if got != want {
		t.Errorf("containers = %s, want %s", got, want)
	}
}

func TestReplicaSetDefaults(t *testing.T) {
	rs := &appsv1.ReplicaSet{}
	if got := specJSON(t, rs, func() interface{} { return rs.Spec.Replicas }); got != "1" {
		t.Errorf("replicas = %s, want 1", got)
	}
	rs = &appsv1.ReplicaSet{Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To[int32](0)}}
	if got := specJSON(t, rs, func() interface{} { return rs.Spec.Replicas }); got != "0" {
		t.Errorf("explicit replicas = %s, want 0", got)
	}
}

func TestStatefulSetDefaults(t *testing.T) {
	type parts struct {
		Strategy  appsv1.StatefulSetUpdateStrategy                        `json:"updateStrategy"`
		Policy    appsv1.PodManagementPolicyType                          `json:"podManagementPolicy"`
		Retention *appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy `json:"retention"`
		Replicas  *int32                                                  `json:"replicas"`
		History   *int32                                                  `json:"revisionHistoryLimit"`
		Claims    []corev1.PersistentVolumeClaim                          `json:"claims,omitempty"`
	}
	tests := []struct {
		name string
		spec appsv1.StatefulSetSpec
		want string
	}{{
		name: "empty",
		want: `{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0,"maxUnavailable":1}},"podManagementPolicy":"OrderedReady","retention":{"whenDeleted":"Retain","whenScaled":"Retain"},"replicas":1,"revisionHistoryLimit":10}`,
	}, {
		name: "an explicit RollingUpdate type without parameters stays without them",
		spec: appsv1.StatefulSetSpec{UpdateStrategy: appsv1.StatefulSetUpdateStrategy{Type: appsv1.RollingUpdateStatefulSetStrategyType}},
		want: `{"updateStrategy":{"type":"RollingUpdate"},"podManagementPolicy":"OrderedReady","retention":{"whenDeleted":"Retain","whenScaled":"Retain"},"replicas":1,"revisionHistoryLimit":10}`,
	}, {
		name: "OnDelete, Parallel, a half-set retention policy and claim templates",
		spec: appsv1.StatefulSetSpec{
			UpdateStrategy:                       appsv1.StatefulSetUpdateStrategy{Type: appsv1.OnDeleteStatefulSetStrategyType},
			PodManagementPolicy:                  appsv1.ParallelPodManagement,
			PersistentVolumeClaimRetentionPolicy: &appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy{WhenDeleted: appsv1.DeletePersistentVolumeClaimRetentionPolicyType},
			VolumeClaimTemplates:                 []corev1.PersistentVolumeClaim{{}},
		},
		want: `{"updateStrategy":{"type":"OnDelete"},"podManagementPolicy":"Parallel","retention":{"whenDeleted":"Delete","whenScaled":"Retain"},"replicas":1,"revisionHistoryLimit":10,"claims":[{"metadata":{},"spec":{"resources":{},"volumeMode":"Filesystem"},"status":{"phase":"Pending"}}]}`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sts := &appsv1.StatefulSet{Spec: tt.spec}
			got := specJSON(t, sts, func() interface{} {
				s := sts.Spec
				return parts{s.UpdateStrategy, s.PodManagementPolicy, s.PersistentVolumeClaimRetentionPolicy, s.Replicas, s.RevisionHistoryLimit, s.VolumeClaimTemplates}
			})
			if got != tt.want {
				t.Errorf("spec =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestDaemonSetDefaults(t *testing.T) {
	tests := []struct {
		name     string
		strategy appsv1.DaemonSetUpdateStrategy
		want     string
	}{
		{"empty", appsv1.DaemonSetUpdateStrategy{}, `{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}}`},
		{"a surge keeps its value", appsv1.DaemonSetUpdateStrategy{RollingUpdate: &appsv1.RollingUpdateDaemonSet{MaxSurge: ptr.To(intstr.FromString("10%"))}}, `{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":"10%"}}`},
		{"OnDelete", appsv1.DaemonSetUpdateStrategy{Type: appsv1.OnDeleteDaemonSetStrategyType}, `{"type":"OnDelete"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := &appsv1.DaemonSet{Spec: appsv1.DaemonSetSpec{UpdateStrategy: tt.strategy}}
			if got := specJSON(t, ds, func() interface{} { return ds.Spec.UpdateStrategy }); got != tt.want {
				t.Errorf("updateStrategy = %s, want %s", got, tt.want)
			}
			if *ds.Spec.RevisionHistoryLimit != 10 {
				t.Errorf("revisionHistoryLimit = %d, want 10", *ds.Spec.RevisionHistoryLimit)
			}
		})
	}
}

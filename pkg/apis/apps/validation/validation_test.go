package validation

import (
	"sort"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
)

// expectErrors compares the rendered errors with want, in any order.
func expectErrors(t *testing.T, got field.ErrorList, want ...string) {
	t.Helper()
	var gotStrs []string
	for _, e := range got {
		gotStrs = append(gotStrs, e.Error())
	}
	want = append([]string(nil), want...)
	sort.Strings(gotStrs)
	sort.Strings(want)
	if strings.Join(gotStrs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors mismatch\n got:\n  %s\nwant:\n  %s", strings.Join(gotStrs, "\n  "), strings.Join(want, "\n  "))
	}
}

func template() corev1.PodTemplateSpec {
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
		Spec: corev1.PodSpec{
			RestartPolicy:                 corev1.RestartPolicyAlways,
			DNSPolicy:                     corev1.DNSClusterFirst,
			TerminationGracePeriodSeconds: ptr.To[int64](30),
			Containers: []corev1.Container{{
				Name: "web", Image: "nginx", ImagePullPolicy: corev1.PullIfNotPresent,
				TerminationMessagePolicy: corev1.TerminationMessageReadFile,
			}},
		},
	}
}

func selector() *metav1.LabelSelector {
	return &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}
}

var meta = metav1.ObjectMeta{Name: "web", Namespace: "default", ResourceVersion: "1"}

func deployment(mutate func(*appsv1.Deployment)) *appsv1.Deployment {
	d := &appsv1.Deployment{ObjectMeta: meta, Spec: appsv1.DeploymentSpec{
		Replicas: ptr.To[int32](1), Selector: selector(), Template: template(),
		Strategy: appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType, RollingUpdate: &appsv1.RollingUpdateDeployment{
			MaxUnavailable: ptr.To(intstr.FromString("25%")), MaxSurge: ptr.To(intstr.FromString("25%")),
		}},
		RevisionHistoryLimit: ptr.To[int32](10), ProgressDeadlineSeconds: ptr.To[int32](600),
	}}
	mutate(d)
	return d
}

func TestValidateDeployment(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*appsv1.Deployment)
		want   []string
	}{
		{"valid", func(*appsv1.Deployment) {}, nil},
		{"negative replicas", func(d *appsv1.Deployment) { d.Spec.Replicas = ptr.To[int32](-1) }, []string{"spec.replicas: Invalid value: -1: must be greater than or equal to 0"}},
		{"no selector", func(d *appsv1.Deployment) { d.Spec.Selector = nil }, []string{
			"spec.selector: Required value",
			"spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`",
		}},
		{"empty selector", func(d *appsv1.Deployment) { d.Spec.Selector = &metav1.LabelSelector{} }, []string{"spec.selector: Invalid value: {}: empty selector is invalid for deployment"}},
		{"selector not matching the template", func(d *appsv1.Deployment) { d.Spec.Template.Labels = map[string]string{"app": "other"} }, []string{
			"spec.template.metadata.labels: Invalid value: {\"app\":\"other\"}: `selector` does not match template `labels`",
		}},
		{"invalid selector operator", func(d *appsv1.Deployment) {
			d.Spec.Selector.MatchExpressions = []metav1.LabelSelectorRequirement{{Key: "tier", Operator: "Near"}}
		}, []string{
			`spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator`,
			`spec.selector: Invalid value: {"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"Near"}]}: invalid label selector`,
		}},
		{"restart policy", func(d *appsv1.Deployment) { d.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyOnFailure }, []string{
			`spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"`,
		}},
		{"active deadline", func(d *appsv1.Deployment) { d.Spec.Template.Spec.ActiveDeadlineSeconds = ptr.To[int64](10) }, []string{
			"spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
		}},
		{"a template the core rules reject", func(d *appsv1.Deployment) { d.Spec.Template.Spec.Containers[0].Image = "" }, []string{
			"spec.template.spec.containers[0].image: Required value",
		}},
		{"zero surge and unavailability", func(d *appsv1.Deployment) {
			d.Spec.Strategy.RollingUpdate = &appsv1.RollingUpdateDeployment{MaxUnavailable: ptr.To(intstr.FromInt32(0)), MaxSurge: ptr.To(intstr.FromString("0%"))}
		}, []string{"spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"}},
		{"bad percentages", func(d *appsv1.Deployment) {
			d.Spec.Strategy.RollingUpdate = &appsv1.RollingUpdateDeployment{MaxUnavailable: ptr.To(intstr.FromString("150%")), MaxSurge: ptr.To(intstr.FromString("lots"))}
		}, []string{
			`spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%`,
			`spec.strategy.rollingUpdate.maxSurge: Invalid value: "lots": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
		}},
		{"negative surge", func(d *appsv1.Deployment) { d.Spec.Strategy.RollingUpdate.MaxSurge = ptr.To(intstr.FromInt32(-1)) }, []string{
			"spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0",
		}},
		{"recreate with rolling update", func(d *appsv1.Deployment) { d.Spec.Strategy.Type = appsv1.RecreateDeploymentStrategyType }, []string{
			"spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
		}},
		{"rolling update without parameters", func(d *appsv1.Deployment) { d.Spec.Strategy.RollingUpdate = nil }, []string{
			"spec.strategy.rollingUpdate: Required value: this should be defaulted and never be nil",
		}},
		{"unknown strategy", func(d *appsv1.Deployment) { d.Spec.Strategy = appsv1.DeploymentStrategy{Type: "Blue"} }, []string{
			`spec.strategy: Unsupported value: {"Type":"Blue","RollingUpdate":null}: supported values: "Recreate", "RollingUpdate"`,
		}},
		{"progress deadline not above minReadySeconds", func(d *appsv1.Deployment) {
			d.Spec.MinReadySeconds = 600
		}, []string{"spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds"}},
		{"negative history", func(d *appsv1.Deployment) { d.Spec.RevisionHistoryLimit = ptr.To[int32](-1) }, []string{
			"spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
		}},
		{"negative rollback revision", func(d *appsv1.Deployment) { d.Annotations = map[string]string{appsv1.DeprecatedRollbackTo: "-3"} }, []string{
			"spec.rollback.version: Invalid value: -3: must be greater than or equal to 0",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectErrors(t, ValidateDeployment(deployment(tt.mutate)), tt.want...)
		})
	}
}

func TestValidateDeploymentUpdate(t *testing.T) {
	old := deployment(func(*appsv1.Deployment) {})
	changed := deployment(func(d *appsv1.Deployment) {
		d.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web", "tier": "front"}}
		d.Spec.Template.Labels["tier"] = "front"
	})
	expectErrors(t, ValidateDeploymentUpdate(changed, old), `spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"front"}}: field is immutable`)
	expectErrors(t, ValidateDeploymentUpdate(deployment(func(d *appsv1.Deployment) { d.Spec.Replicas = ptr.To[int32](5) }), old))
}

func TestValidateDeploymentStatusUpdate(t *testing.T) {
	old := deployment(func(d *appsv1.Deployment) { d.Status.CollisionCount = ptr.To[int32](2) })
	d := deployment(func(d *appsv1.Deployment) {
		d.Status = appsv1.DeploymentStatus{Replicas: 2, UpdatedReplicas: 3, ReadyReplicas: 1, AvailableReplicas: 2, UnavailableReplicas: -1, CollisionCount: ptr.To[int32](1)}
	})
	expectErrors(t, ValidateDeploymentStatusUpdate(d, old),
		"status.unavailableReplicas: Invalid value: -1: must be greater than or equal to 0",
		"status.updatedReplicas: Invalid value: 3: cannot be greater than status.replicas",
		"status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas",
		"status.collisionCount: Invalid value: 1: cannot be decremented",
	)
}

func replicaSet(mutate func(*appsv1.ReplicaSet)) *appsv1.ReplicaSet {
	rs := &appsv1.ReplicaSet{ObjectMeta: meta, Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To[int32](1), Selector: selector(), Template: template()}}
	mutate(rs)
	return rs
}

func TestValidateReplicaSet(t *testing.T) {
	expectErrors(t, ValidateReplicaSet(replicaSet(func(*appsv1.ReplicaSet) {})))
	expectErrors(t, ValidateReplicaSet(replicaSet(func(rs *appsv1.ReplicaSet) {
		rs.Spec.Selector = &metav1.LabelSelector{}
		rs.Spec.MinReadySeconds = -1
	})),
		// Upstream's message calls a replica set a deployment.
		"spec.selector: Invalid value: {}: empty selector is invalid for deployment",
		"spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
	)
	old := replicaSet(func(*appsv1.ReplicaSet) {})
	expectErrors(t, ValidateReplicaSetUpdate(replicaSet(func(rs *appsv1.ReplicaSet) {
		rs.Spec.Selector.MatchLabels["extra"] = "x"
		rs.Spec.Template.Labels["extra"] = "x"
	}), old), `spec.selector: Invalid value: {"matchLabels":{"app":"web","extra":"x"}}: field is immutable`)
	expectErrors(t, ValidateReplicaSetStatusUpdate(replicaSet(func(rs *appsv1.ReplicaSet) {
		rs.Status = appsv1.ReplicaSetStatus{Replicas: 1, FullyLabeledReplicas: 2, ReadyReplicas: 1, AvailableReplicas: 1, ObservedGeneration: -1, TerminatingReplicas: ptr.To[int32](-1)}
	}), old),
		"status.terminatingReplicas: Invalid value: -1: must be greater than or equal to 0",
		"status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than status.replicas",
		"status.observedGeneration: Invalid value: -1: must be greater than or equal to 0",
	)
}

func statefulSet(mutate func(*appsv1.StatefulSet)) *appsv1.StatefulSet {
	sts := &appsv1.StatefulSet{ObjectMeta: meta, Spec: appsv1.StatefulSetSpec{
		Replicas: ptr.To[int32](1), Selector: selector(), Template: template(), ServiceName: "web",
		PodManagementPolicy: appsv1.OrderedReadyPodManagement,
		UpdateStrategy: appsv1.StatefulSetUpdateStrategy{Type: appsv1.RollingUpdateStatefulSetStrategyType, RollingUpdate: &appsv1.RollingUpdateStatefulSetStrategy{
			Partition: ptr.To[int32](0), MaxUnavailable: ptr.To(intstr.FromInt32(1)),
		}},
		PersistentVolumeClaimRetentionPolicy: &appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy{
			WhenDeleted: appsv1.RetainPersistentVolumeClaimRetentionPolicyType, WhenScaled: appsv1.RetainPersistentVolumeClaimRetentionPolicyType,
		},
		RevisionHistoryLimit: ptr.To[int32](10),
	}}
	mutate(sts)
	return sts
}

func TestValidateStatefulSet(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*appsv1.StatefulSet)
		want   []string
	}{
		{"valid", func(*appsv1.StatefulSet) {}, nil},
		{"name must be a DNS label", func(s *appsv1.StatefulSet) { s.Name = "web.v1" }, []string{`metadata.name: Invalid value: "web.v1": must not contain dots`}},
		{"the pod spec is validated", func(s *appsv1.StatefulSet) { s.Spec.Template.Spec.Containers[0].Image = "" }, []string{
			"spec.template.spec.containers[0].image: Required value",
		}},
		{"containers may mount claim templates, which replace template volumes of their name", func(s *appsv1.StatefulSet) {
			s.Spec.VolumeClaimTemplates = []corev1.PersistentVolumeClaim{claimTemplate("data")}
			s.Spec.Template.Spec.Volumes = []corev1.Volume{{Name: "data", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}}
			s.Spec.Template.Spec.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "data", MountPath: "/data"}}
		}, nil},
		{"a mount of neither a volume nor a claim template", func(s *appsv1.StatefulSet) {
			s.Spec.Template.Spec.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "data", MountPath: "/data"}}
		}, []string{`spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data"`}},
		{"claim templates are checked as claims", func(s *appsv1.StatefulSet) {
			claim := claimTemplate("data")
			claim.Spec.AccessModes = nil
			s.Spec.VolumeClaimTemplates = []corev1.PersistentVolumeClaim{claim}
		}, []string{"spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required"}},
		{"missing policies", func(s *appsv1.StatefulSet) {
			s.Spec.PodManagementPolicy = ""
			s.Spec.UpdateStrategy = appsv1.StatefulSetUpdateStrategy{}
		}, []string{"spec.podManagementPolicy: Required value", "spec.updateStrategy: Required value"}},
		{"unknown strategy", func(s *appsv1.StatefulSet) { s.Spec.UpdateStrategy.Type = "Recreate" }, []string{
			`spec.updateStrategy: Invalid value: {"Type":"Recreate","RollingUpdate":{"Partition":0,"MaxUnavailable":1}}: must be 'RollingUpdate' or 'OnDelete'`,
		}},
		{"rolling update parameters", func(s *appsv1.StatefulSet) {
			s.Spec.UpdateStrategy.RollingUpdate = &appsv1.RollingUpdateStatefulSetStrategy{Partition: ptr.To[int32](-1), MaxUnavailable: ptr.To(intstr.FromString("0%"))}
		}, []string{
			"spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0",
			`spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "0%": cannot be 0`,
		}},
		{"retention policy", func(s *appsv1.StatefulSet) { s.Spec.PersistentVolumeClaimRetentionPolicy.WhenScaled = "Keep" }, []string{
			`spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: "Keep": supported values: "Retain", "Delete"`,
		}},
		{"ordinals and counts", func(s *appsv1.StatefulSet) {
			s.Spec.Ordinals = &appsv1.StatefulSetOrdinals{Start: -1}
			s.Spec.Replicas = ptr.To[int32](-2)
		}, []string{
			"spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0",
			"spec.replicas: Invalid value: -2: must be greater than or equal to 0",
		}},
		{"empty selector", func(s *appsv1.StatefulSet) { s.Spec.Selector = &metav1.LabelSelector{} }, []string{
			"spec.selector: Invalid value: {}: empty selector is invalid for statefulset",
		}},
		{"template", func(s *appsv1.StatefulSet) {
			s.Spec.Template.Labels = map[string]string{"app": "db"}
			s.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyNever
			s.Spec.Template.Spec.ActiveDeadlineSeconds = ptr.To[int64](1)
		}, []string{
			"spec.template.metadata.labels: Invalid value: {\"app\":\"db\"}: `selector` does not match template `labels`",
			`spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"`,
			"spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectErrors(t, ValidateStatefulSet(statefulSet(tt.mutate)), tt.want...)
		})
	}
}

func claimTemplate(name string) corev1.PersistentVolumeClaim {
	return corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}},
		},
	}
}

func TestValidateStatefulSetUpdate(t *testing.T) {
	const forbidden = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
	old := statefulSet(func(*appsv1.StatefulSet) {})
	tests := []struct {
		name   string
		mutate func(*appsv1.StatefulSet)
		want   []string
	}{
		{"mutable fields", func(s *appsv1.StatefulSet) {
			s.Spec.Replicas = ptr.To[int32](4)
			s.Spec.Template.Spec.Containers[0].Image = "nginx:2"
			s.Spec.UpdateStrategy = appsv1.StatefulSetUpdateStrategy{Type: appsv1.OnDeleteStatefulSetStrategyType}
			s.Spec.RevisionHistoryLimit = ptr.To[int32](3)
			s.Spec.MinReadySeconds = 5
			s.Spec.Ordinals = &appsv1.StatefulSetOrdinals{Start: 2}
			s.Spec.PersistentVolumeClaimRetentionPolicy.WhenDeleted = appsv1.DeletePersistentVolumeClaimRetentionPolicyType
		}, nil},
		{"service name", func(s *appsv1.StatefulSet) { s.Spec.ServiceName = "other" }, []string{forbidden}},
		{"claim templates", func(s *appsv1.StatefulSet) {
			s.Spec.VolumeClaimTemplates = []corev1.PersistentVolumeClaim{claimTemplate("data")}
		}, []string{forbidden}},
		{"pod management", func(s *appsv1.StatefulSet) { s.Spec.PodManagementPolicy = appsv1.ParallelPodManagement }, []string{forbidden}},
		{"a name accepted by older servers is not checked again", func(s *appsv1.StatefulSet) {}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectErrors(t, ValidateStatefulSetUpdate(statefulSet(tt.mutate), old), tt.want...)
		})
	}
	dotted := statefulSet(func(s *appsv1.StatefulSet) { s.Name = "web.v1" })
	expectErrors(t, ValidateStatefulSetUpdate(dotted, dotted))
}

func TestValidateStatefulSetStatusUpdate(t *testing.T) {
	old := statefulSet(func(*appsv1.StatefulSet) {})
	sts := statefulSet(func(s *appsv1.StatefulSet) {
		s.Status = appsv1.StatefulSetStatus{Replicas: 1, ReadyReplicas: 1, CurrentReplicas: 2, AvailableReplicas: 2}
	})
	expectErrors(t, ValidateStatefulSetStatusUpdate(sts, old),
		"status.currentReplicas: Invalid value: 2: cannot be greater than status.replicas",
		"status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas",
		"status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas",
	)
}

func daemonSet(mutate func(*appsv1.DaemonSet)) *appsv1.DaemonSet {
	ds := &appsv1.DaemonSet{ObjectMeta: meta, Spec: appsv1.DaemonSetSpec{
		Selector: selector(), Template: template(),
		UpdateStrategy: appsv1.DaemonSetUpdateStrategy{Type: appsv1.RollingUpdateDaemonSetStrategyType, RollingUpdate: &appsv1.RollingUpdateDaemonSet{
			MaxUnavailable: ptr.To(intstr.FromInt32(1)), MaxSurge: ptr.To(intstr.FromInt32(0)),
		}},
		RevisionHistoryLimit: ptr.To[int32](10),
	}}
	mutate(ds)
	return ds
}

func TestValidateDaemonSet(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*appsv1.DaemonSet)
		want   []string
	}{
		{"valid", func(*appsv1.DaemonSet) {}, nil},
		{"surge instead of unavailability", func(d *appsv1.DaemonSet) {
			d.Spec.UpdateStrategy.RollingUpdate = &appsv1.RollingUpdateDaemonSet{MaxUnavailable: ptr.To(intstr.FromInt32(0)), MaxSurge: ptr.To(intstr.FromString("10%"))}
		}, nil},
		{"both", func(d *appsv1.DaemonSet) { d.Spec.UpdateStrategy.RollingUpdate.MaxSurge = ptr.To(intstr.FromInt32(1)) }, []string{
			"spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero",
		}},
		{"neither", func(d *appsv1.DaemonSet) {
			d.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable = ptr.To(intstr.FromString("0%"))
		}, []string{
			"spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
		}},
		{"rolling update without parameters", func(d *appsv1.DaemonSet) { d.Spec.UpdateStrategy.RollingUpdate = nil }, []string{
			"spec.updateStrategy.rollingUpdate: Required value",
		}},
		{"unknown strategy", func(d *appsv1.DaemonSet) { d.Spec.UpdateStrategy = appsv1.DaemonSetUpdateStrategy{Type: "Canary"} }, []string{
			`spec.updateStrategy: Unsupported value: {"Type":"Canary","RollingUpdate":null}: supported values: "RollingUpdate", "OnDelete"`,
		}},
		{"no selector", func(d *appsv1.DaemonSet) { d.Spec.Selector = nil }, []string{
			"spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`",
		}},
		{"empty selector", func(d *appsv1.DaemonSet) { d.Spec.Selector = &metav1.LabelSelector{} }, []string{
			"spec.selector: Invalid value: {}: empty selector is invalid for daemonset",
		}},
		{"template", func(d *appsv1.DaemonSet) {
			d.Spec.Template.Spec.ActiveDeadlineSeconds = ptr.To[int64](1)
			d.Spec.MinReadySeconds = -1
		}, []string{
			"spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported",
			"spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectErrors(t, ValidateDaemonSet(daemonSet(tt.mutate)), tt.want...)
		})
	}
	old := daemonSet(func(*appsv1.DaemonSet) {})
	expectErrors(t, ValidateDaemonSetUpdate(daemonSet(func(d *appsv1.DaemonSet) { d.Spec.Selector.MatchLabels["x"] = "y"; d.Spec.Template.Labels["x"] = "y" }), old),
		`spec.selector: Invalid value: {"matchLabels":{"app":"web","x":"y"}}: field is immutable`)
	expectErrors(t, ValidateDaemonSetStatusUpdate(daemonSet(func(d *appsv1.DaemonSet) { d.Status.NumberMisscheduled = -1 }), old),
		"status.numberMisscheduled: Invalid value: -1: must be greater than or equal to 0")
}

func TestValidateControllerRevision(t *testing.T) {
	cr := &appsv1.ControllerRevision{ObjectMeta: meta, Data: runtime.RawExtension{Raw: []byte(`{"a":1}`)}, Revision: 1}
	expectErrors(t, ValidateControllerRevision(cr))
	expectErrors(t, ValidateControllerRevision(&appsv1.ControllerRevision{ObjectMeta: meta, Revision: -1}),
		"data: Required value: data is mandatory",
		"revision: Invalid value: -1: must be greater than or equal to 0",
	)
	changed := cr.DeepCopy()
	changed.Revision = 2
	expectErrors(t, ValidateControllerRevisionUpdate(changed, cr))
	changed.Data = runtime.RawExtension{Raw: []byte(`{"a":2}`)}
	expectErrors(t, ValidateControllerRevisionUpdate(changed, cr), `data: Invalid value: {"a":2}: field is immutable`)
}

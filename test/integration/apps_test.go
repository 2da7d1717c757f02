package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// appsClients are the two encodings every apps test runs with.
var appsClients = map[string]func(testing.TB) kubernetes.Interface{"json": jsonClient, "protobuf": protobufClient}

// appsRegistryClients are clients, in both encodings, of a kapi of its own without the workload
// controllers, for the tests of what the registry itself does with status and scale, which the
// controllers would rewrite under them.
func appsRegistryClients(t *testing.T) map[string]kubernetes.Interface {
	t.Helper()
	s := startServer(t, "--controllers=namespace,serviceaccount")
	pb := rest.CopyConfig(s.ClientConfig)
	pb.ContentType = "application/vnd.kubernetes.protobuf"
	pb.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	return map[string]kubernetes.Interface{"json": kubernetes.NewForConfigOrDie(s.ClientConfig), "protobuf": kubernetes.NewForConfigOrDie(pb)}
}

func appsTemplate(app string) corev1.PodTemplateSpec {
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": app}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: app, Image: "nginx:1.27"}}},
	}
}

func appsSelector(app string) *metav1.LabelSelector {
	return &metav1.LabelSelector{MatchLabels: map[string]string{"app": app}}
}

func appsDeployment(name string) *appsv1.Deployment {
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec:       appsv1.DeploymentSpec{Selector: appsSelector(name), Template: appsTemplate(name)},
	}
}

func appsReplicaSet(name string) *appsv1.ReplicaSet {
	return &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec:       appsv1.ReplicaSetSpec{Selector: appsSelector(name), Template: appsTemplate(name)},
	}
}

func appsStatefulSet(name string) *appsv1.StatefulSet {
	return &appsv1.StatefulSet{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec:       appsv1.StatefulSetSpec{ServiceName: name, Selector: appsSelector(name), Template: appsTemplate(name)},
	}
}

func appsDaemonSet(name string) *appsv1.DaemonSet {
	return &appsv1.DaemonSet{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec:       appsv1.DaemonSetSpec{Selector: appsSelector(name), Template: appsTemplate(name)},
	}
}

// asJSON renders v for comparing what the server filled in with what upstream fills in.
func asJSON(t *testing.T, v interface{}) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestAppsDefaults(t *testing.T) {
	ctx := context.Background()
	for encoding, newClient := range appsClients {
		t.Run(encoding, func(t *testing.T) {
			client := newClient(t)
			ns := "apps-defaults-" + encoding
			createNamespace(t, client, ns)
			apps := client.AppsV1()

			d, err := apps.Deployments(ns).Create(ctx, appsDeployment("web"), metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := asJSON(t, d.Spec.Strategy), `{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}`; got != want {
				t.Errorf("deployment strategy = %s, want %s", got, want)
			}
			if *d.Spec.Replicas != 1 || *d.Spec.RevisionHistoryLimit != 10 || *d.Spec.ProgressDeadlineSeconds != 600 || d.Generation != 1 {
				t.Errorf("deployment replicas %d, revisionHistoryLimit %d, progressDeadlineSeconds %d, generation %d; want 1, 10, 600, 1",
					*d.Spec.Replicas, *d.Spec.RevisionHistoryLimit, *d.Spec.ProgressDeadlineSeconds, d.Generation)
			}
			// The pod template gets the core group's defaults, as a replication controller's does.
			pod := d.Spec.Template.Spec
			if pod.RestartPolicy != corev1.RestartPolicyAlways || pod.DNSPolicy != corev1.DNSClusterFirst || pod.SchedulerName != "default-scheduler" ||
				*pod.TerminationGracePeriodSeconds != 30 || pod.Containers[0].ImagePullPolicy != corev1.PullIfNotPresent ||
				pod.Containers[0].TerminationMessagePath != "/dev/termination-log" {
				t.Errorf("template not defaulted like core's: %+v", pod)
			}

			rs, err := apps.ReplicaSets(ns).Create(ctx, appsReplicaSet("front"), metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if *rs.Spec.Replicas != 1 || rs.Generation != 1 {
				t.Errorf("replica set replicas %d, generation %d; want 1, 1", *rs.Spec.Replicas, rs.Generation)
			}

			sts := appsStatefulSet("db")
			sts.Spec.VolumeClaimTemplates = []corev1.PersistentVolumeClaim{{
				ObjectMeta: metav1.ObjectMeta{Name: "data"},
				Spec: corev1.PersistentVolumeClaimSpec{
					AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
					Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}},
				},
			}}
			gotSTS, err := apps.StatefulSets(ns).Create(ctx, sts, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			spec := gotSTS.Spec
			if got, want := asJSON(t, spec.UpdateStrategy), `{"type":"RollingUpdate","rollingUpdate":{"partition":0,"maxUnavailable":1}}`; got != want {
				t.Errorf("stateful set updateStrategy = %s, want %s", got, want)
			}
			if got, want := asJSON(t, spec.PersistentVolumeClaimRetentionPolicy), `{"whenDeleted":"Retain","whenScaled":"Retain"}`; got != want {
				t.Errorf("stateful set persistentVolumeClaimRetentionPolicy = %s, want %s", got, want)
			}
			if spec.PodManagementPolicy != appsv1.OrderedReadyPodManagement || *spec.Replicas != 1 || *spec.RevisionHistoryLimit != 10 {
				t.Errorf("stateful set podManagementPolicy %q, replicas %d, revisionHistoryLimit %d; want OrderedReady, 1, 10",
					spec.PodManagementPolicy, *spec.Replicas, *spec.RevisionHistoryLimit)
			}
			claim := spec.VolumeClaimTemplates[0]
			if *claim.Spec.VolumeMode != corev1.PersistentVolumeFilesystem || claim.Status.Phase != corev1.ClaimPending {
				t.Errorf("claim template volumeMode %v, phase %q; want Filesystem, Pending", *claim.Spec.VolumeMode, claim.Status.Phase)
			}

			ds, err := apps.DaemonSets(ns).Create(ctx, appsDaemonSet("agent"), metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := asJSON(t, ds.Spec.UpdateStrategy), `{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}}`; got != want {
				t.Errorf("daemon set updateStrategy = %s, want %s", got, want)
			}
			if *ds.Spec.RevisionHistoryLimit != 10 || ds.Annotations[appsv1.DeprecatedTemplateGeneration] != "1" {
				t.Errorf("daemon set revisionHistoryLimit %d, annotations %v; want 10 and template generation 1", *ds.Spec.RevisionHistoryLimit, ds.Annotations)
			}
		})
	}
}

func TestAppsValidation(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "apps-invalid")
	apps := client.AppsV1()

	d := appsDeployment("web")
	d.Spec.Selector = nil
	d.Spec.Replicas = ptr[int32](-1)
	d.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyNever
	d.Spec.Strategy.RollingUpdate = &appsv1.RollingUpdateDeployment{MaxUnavailable: ptr(intstr.FromInt32(0)), MaxSurge: ptr(intstr.FromString("0%"))}
	_, err := apps.Deployments("apps-invalid").Create(ctx, d, metav1.CreateOptions{})
	expectInvalid(t, err, "apps", "Deployment", "web",
		"spec.replicas: Invalid value: -1: must be greater than or equal to 0",
		"spec.selector: Required value",
		"spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`",
		`spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"`,
		"spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0",
	)

	rs := appsReplicaSet("front")
	rs.Spec.Selector = &metav1.LabelSelector{}
	rs.Spec.Template.Spec.ActiveDeadlineSeconds = ptr[int64](5)
	_, err = apps.ReplicaSets("apps-invalid").Create(ctx, rs, metav1.CreateOptions{})
	expectInvalid(t, err, "apps", "ReplicaSet", "front",
		"spec.selector: Invalid value: {}: empty selector is invalid for deployment",
		"spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
	)

	sts := appsStatefulSet("db.v1")
	sts.Spec.PodManagementPolicy = "Sometimes"
	sts.Spec.UpdateStrategy = appsv1.StatefulSetUpdateStrategy{Type: appsv1.OnDeleteStatefulSetStrategyType, RollingUpdate: &appsv1.RollingUpdateStatefulSetStrategy{Partition: ptr[int32](1)}}
	_, err = apps.StatefulSets("apps-invalid").Create(ctx, sts, metav1.CreateOptions{})
	expectInvalid(t, err, "apps", "StatefulSet", "db.v1",
		`metadata.name: Invalid value: "db.v1": must not contain dots`,
		// The pod template is validated as a pod, its claim templates counting as volumes.
		`spec.template.spec.containers[0].name: Invalid value: "db.v1": must not contain dots`,
		`spec.podManagementPolicy: Invalid value: "Sometimes": must be 'OrderedReady' or 'Parallel'`,
		`spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":1,"MaxUnavailable":null}: only allowed for updateStrategy 'RollingUpdate'`,
	)

	ds := appsDaemonSet("agent")
	ds.Spec.UpdateStrategy = appsv1.DaemonSetUpdateStrategy{RollingUpdate: &appsv1.RollingUpdateDaemonSet{MaxUnavailable: ptr(intstr.FromInt32(1)), MaxSurge: ptr(intstr.FromString("200%"))}}
	_, err = apps.DaemonSets("apps-invalid").Create(ctx, ds, metav1.CreateOptions{})
	expectInvalid(t, err, "apps", "DaemonSet", "agent",
		`spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: "200%": must not be greater than 100%`,
		`spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: "200%": may not be set when maxUnavailable is non-zero`,
	)

	_, err = apps.ControllerRevisions("apps-invalid").Create(ctx, &appsv1.ControllerRevision{ObjectMeta: metav1.ObjectMeta{Name: "rev"}, Revision: -2}, metav1.CreateOptions{})
	expectInvalid(t, err, "apps", "ControllerRevision", "rev",
		"data: Required value: data is mandatory",
		"revision: Invalid value: -2: must be greater than or equal to 0",
	)
}

func TestAppsUpdateValidation(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "apps-update")
	apps := client.AppsV1()

	d, err := apps.Deployments("apps-update").Create(ctx, appsDeployment("web"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The controllers may write an object right after it is created; the updates are unconditional,
	// so that they meet validation instead of a conflict with that write.
	d.ResourceVersion = ""
	d.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web", "tier": "front"}}
	d.Spec.Template.Labels["tier"] = "front"
	_, err = apps.Deployments("apps-update").Update(ctx, d, metav1.UpdateOptions{})
	expectInvalid(t, err, "apps", "Deployment", "web",
		`spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"front"}}: field is immutable`)

	sts, err := apps.StatefulSets("apps-update").Create(ctx, appsStatefulSet("db"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sts.ResourceVersion = ""
	sts.Spec.ServiceName = "other"
	sts.Spec.Replicas = ptr[int32](3)
	_, err = apps.StatefulSets("apps-update").Update(ctx, sts, metav1.UpdateOptions{})
	expectInvalid(t, err, "apps", "StatefulSet", "db",
		"spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")
	sts.Spec.ServiceName = "db"
	if _, err := apps.StatefulSets("apps-update").Update(ctx, sts, metav1.UpdateOptions{}); err != nil {
		t.Errorf("changing only replicas: %v", err)
	}

	cr, err := apps.ControllerRevisions("apps-update").Create(ctx, &appsv1.ControllerRevision{
		ObjectMeta: metav1.ObjectMeta{Name: "db-1"}, Data: runtime.RawExtension{Raw: []byte(`{"a":1}`)}, Revision: 1,
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cr.Data = runtime.RawExtension{Raw: []byte(`{"a":2}`)}
	_, err = apps.ControllerRevisions("apps-update").Update(ctx, cr, metav1.UpdateOptions{})
	expectInvalid(t, err, "apps", "ControllerRevision", "db-1", `data: Invalid value: {"a":2}: field is immutable`)
}

func TestAppsStatusAndGeneration(t *testing.T) {
	ctx := context.Background()
	for encoding, client := range appsRegistryClients(t) {
		t.Run(encoding, func(t *testing.T) {
			ns := "apps-status-" + encoding
			createNamespace(t, client, ns)
			deployments := client.AppsV1().Deployments(ns)

			d, err := deployments.Create(ctx, appsDeployment("web"), metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			// A status write changes neither spec nor labels nor the generation.
			d.Status = appsv1.DeploymentStatus{Replicas: 1, ObservedGeneration: 1}
			d.Spec.Replicas = ptr[int32](9)
			d.Labels = map[string]string{"changed": "yes"}
			d, err = deployments.UpdateStatus(ctx, d, metav1.UpdateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if d.Status.Replicas != 1 || *d.Spec.Replicas != 1 || d.Labels["changed"] != "" || d.Generation != 1 {
				t.Errorf("after a status write: status.replicas %d, spec.replicas %d, labels %v, generation %d; want 1, 1, unchanged, 1",
					d.Status.Replicas, *d.Spec.Replicas, d.Labels, d.Generation)
			}

			// A main write keeps the status; only spec and annotation changes bump the generation.
			d.Status = appsv1.DeploymentStatus{}
			d.Labels = map[string]string{"team": "a"}
			if d, err = deployments.Update(ctx, d, metav1.UpdateOptions{}); err != nil {
				t.Fatal(err)
			}
			if d.Status.Replicas != 1 || d.Generation != 1 {
				t.Errorf("after a label change: status.replicas %d, generation %d; want 1, 1", d.Status.Replicas, d.Generation)
			}
			d.Annotations = map[string]string{"note": "x"}
			if d, err = deployments.Update(ctx, d, metav1.UpdateOptions{}); err != nil {
				t.Fatal(err)
			}
			d.Spec.Paused = true
			if d, err = deployments.Update(ctx, d, metav1.UpdateOptions{}); err != nil {
				t.Fatal(err)
			}
			if d.Generation != 3 {
				t.Errorf("generation = %d after an annotation and a spec change, want 3", d.Generation)
			}

			_, err = deployments.UpdateStatus(ctx, &appsv1.Deployment{ObjectMeta: d.ObjectMeta, Status: appsv1.DeploymentStatus{Replicas: 1, ReadyReplicas: 2}}, metav1.UpdateOptions{})
			expectInvalid(t, err, "apps", "Deployment", "web", "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas")

			// A daemon set's template generation follows template changes only. Patches, unlike
			// updates, do not race the DaemonSet controller's status writes.
			daemonSets := client.AppsV1().DaemonSets(ns)
			ds, err := daemonSets.Create(ctx, appsDaemonSet("agent"), metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err = daemonSets.Patch(ctx, "agent", types.MergePatchType, []byte(`{"spec":{"minReadySeconds":5}}`), metav1.PatchOptions{}); err != nil {
				t.Fatal(err)
			}
			image := []byte(`{"spec":{"template":{"spec":{"containers":[{"name":"agent","image":"nginx:1.28"}]}}}}`)
			if ds, err = daemonSets.Patch(ctx, "agent", types.StrategicMergePatchType, image, metav1.PatchOptions{}); err != nil {
				t.Fatal(err)
			}
			if ds.Generation != 3 || ds.Annotations[appsv1.DeprecatedTemplateGeneration] != "2" {
				t.Errorf("daemon set generation %d, template generation %q; want 3, 2", ds.Generation, ds.Annotations[appsv1.DeprecatedTemplateGeneration])
			}
		})
	}
}

func TestAppsScale(t *testing.T) {
	ctx := context.Background()
	for encoding, client := range appsRegistryClients(t) {
		t.Run(encoding, func(t *testing.T) {
			ns := "apps-scale-" + encoding
			createNamespace(t, client, ns)
			apps := client.AppsV1()
			if _, err := apps.Deployments(ns).Create(ctx, appsDeployment("web"), metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, err := apps.ReplicaSets(ns).Create(ctx, appsReplicaSet("front"), metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			sts := appsStatefulSet("db")
			sts.Spec.Selector.MatchExpressions = []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"cache"}}}
			if _, err := apps.StatefulSets(ns).Create(ctx, sts, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}

			scalers := []struct {
				resource, name, selector string
				get                      func() (*autoscalingv1.Scale, error)
				update                   func(*autoscalingv1.Scale) (*autoscalingv1.Scale, error)
				replicas                 func() int32
			}{{
				"deployments", "web", "app=web",
				func() (*autoscalingv1.Scale, error) {
					return apps.Deployments(ns).GetScale(ctx, "web", metav1.GetOptions{})
				},
				func(s *autoscalingv1.Scale) (*autoscalingv1.Scale, error) {
					return apps.Deployments(ns).UpdateScale(ctx, "web", s, metav1.UpdateOptions{})
				},
				func() int32 {
					d, err := apps.Deployments(ns).Get(ctx, "web", metav1.GetOptions{})
					if err != nil {
						t.Fatal(err)
					}
					return *d.Spec.Replicas
				},
			}, {
				"replicasets", "front", "app=front",
				func() (*autoscalingv1.Scale, error) {
					return apps.ReplicaSets(ns).GetScale(ctx, "front", metav1.GetOptions{})
				},
				func(s *autoscalingv1.Scale) (*autoscalingv1.Scale, error) {
					return apps.ReplicaSets(ns).UpdateScale(ctx, "front", s, metav1.UpdateOptions{})
				},
				func() int32 {
					rs, err := apps.ReplicaSets(ns).Get(ctx, "front", metav1.GetOptions{})
					if err != nil {
						t.Fatal(err)
					}
					return *rs.Spec.Replicas
				},
			}, {
				"statefulsets", "db", "app=db,tier notin (cache)",
				func() (*autoscalingv1.Scale, error) {
					return apps.StatefulSets(ns).GetScale(ctx, "db", metav1.GetOptions{})
				},
				func(s *autoscalingv1.Scale) (*autoscalingv1.Scale, error) {
					return apps.StatefulSets(ns).UpdateScale(ctx, "db", s, metav1.UpdateOptions{})
				},
				func() int32 {
					sts, err := apps.StatefulSets(ns).Get(ctx, "db", metav1.GetOptions{})
					if err != nil {
						t.Fatal(err)
					}
					return *sts.Spec.Replicas
				},
			}}
			for _, s := range scalers {
				t.Run(s.resource, func(t *testing.T) {
					scale, err := s.get()
					if err != nil {
						t.Fatal(err)
					}
					// The status counts the pods a controller has made so far, at most the one asked for.
					if scale.Name != s.name || scale.Spec.Replicas != 1 || scale.Status.Replicas > 1 || scale.Status.Selector != s.selector {
						t.Errorf("scale = %+v, want %s with spec 1, status at most 1, selector %q", scale, s.name, s.selector)
					}
					scale.Spec.Replicas = 4
					if scale, err = s.update(scale); err != nil {
						t.Fatal(err)
					}
					if scale.Spec.Replicas != 4 || s.replicas() != 4 {
						t.Errorf("after scaling to 4: scale %d, spec.replicas %d", scale.Spec.Replicas, s.replicas())
					}
					scale.Spec.Replicas = -1
					_, err = s.update(scale)
					expectInvalid(t, err, "autoscaling", "Scale", s.name, "spec.replicas: Invalid value: -1: must be greater than or equal to 0")
				})
			}

			// Upstream names the subresource, not the deployment, in this 404.
			_, err := apps.Deployments(ns).GetScale(ctx, "missing", metav1.GetOptions{})
			if !apierrors.IsNotFound(err) || err.Error() != `deployments/scale.apps "missing" not found` {
				t.Errorf("scale of a missing deployment: %v", err)
			}
		})
	}
}

func TestAppsTables(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "apps-tables")
	apps := client.AppsV1()
	d := appsDeployment("web")
	d.Spec.Replicas = ptr[int32](3)
	if _, err := apps.Deployments("apps-tables").Create(ctx, d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := apps.ReplicaSets("apps-tables").Create(ctx, appsReplicaSet("front"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	sts, err := apps.StatefulSets("apps-tables").Create(ctx, appsStatefulSet("db"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ds := appsDaemonSet("agent")
	ds.Spec.Template.Spec.NodeSelector = map[string]string{"kubernetes.io/os": "linux"}
	if _, err := apps.DaemonSets("apps-tables").Create(ctx, ds, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	// The owner is the real stateful set: the garbage collector deletes a revision whose owner UID
	// does not exist, and the set's controller releases one its selector does not match.
	if _, err := apps.ControllerRevisions("apps-tables").Create(ctx, &appsv1.ControllerRevision{
		ObjectMeta: metav1.ObjectMeta{Name: "db-1", Labels: sts.Spec.Selector.MatchLabels, OwnerReferences: []metav1.OwnerReference{{
			APIVersion: "apps/v1", Kind: "StatefulSet", Name: "db", UID: sts.UID, Controller: ptr(true),
		}}},
		Data:     runtime.RawExtension{Raw: []byte(`{}`)},
		Revision: 1,
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	// The controllers create the pods at once; without a kubelet none becomes ready.
	eventually(t, func() error {
		d, err := apps.Deployments("apps-tables").Get(ctx, "web", metav1.GetOptions{})
		if err != nil {
			return err
		}
		rs, err := apps.ReplicaSets("apps-tables").Get(ctx, "front", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if d.Status.UpdatedReplicas != 3 || rs.Status.Replicas != 1 {
			return fmt.Errorf("deployment's updated replicas %d, replica set's replicas %d; want 3, 1", d.Status.UpdatedReplicas, rs.Status.Replicas)
		}
		return nil
	})

	cases := []struct {
		resource string
		columns  []string
		row      []string
	}{
		{"deployments", []string{"Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"}, []string{"web", "0/3", "3", "0", "", "web", "nginx:1.27", "app=web"}},
		{"replicasets", []string{"Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"}, []string{"front", "1", "1", "0", "", "front", "nginx:1.27", "app=front"}},
		{"statefulsets", []string{"Name", "Ready", "Age", "Containers", "Images"}, []string{"db", "0/1", "", "db", "nginx:1.27"}},
		{"daemonsets", []string{"Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age", "Containers", "Images", "Selector"}, []string{"agent", "0", "0", "0", "0", "0", "kubernetes.io/os=linux", "", "agent", "nginx:1.27", "app=agent"}},
		{"controllerrevisions", []string{"Name", "Controller", "Revision", "Age"}, []string{"db-1", "statefulset.apps/db", "1", ""}},
	}
	for _, c := range cases {
		t.Run(c.resource, func(t *testing.T) {
			// The deployment's own replica set is left out.
			cols, rows := tableCells(t, "/apis/apps/v1/namespaces/apps-tables/"+c.resource, "metadata.name="+c.row[0])
			if !reflect.DeepEqual(cols, c.columns) {
				t.Errorf("columns = %q, want %q", cols, c.columns)
			}
			// The StatefulSet and DaemonSet controllers add revisions of their own.
			rows = slices.DeleteFunc(rows, func(row []string) bool { return row[0] != c.row[0] })
			if len(rows) != 1 {
				t.Fatalf("rows = %q, want one", rows)
			}
			for i, want := range c.row {
				// Ages depend on the clock; they only have to be there.
				if want == "" && rows[0][i] != "" && !strings.Contains(rows[0][i], "<") {
					continue
				}
				if rows[0][i] != want {
					t.Errorf("cell %s = %q, want %q", c.columns[i], rows[0][i], want)
				}
			}
		})
	}
}

func TestAppsEtcdKeys(t *testing.T) {
	ctx := context.Background()
	etcd := startEtcd(t)
	kapi := startServer(t, "--etcd-servers="+etcd.ClientURLs()[0])
	etcdClient := etcdClient(t, etcd)
	client := kubernetes.NewForConfigOrDie(kapi.ClientConfig)
	createNamespace(t, client, "keys")
	apps := client.AppsV1()

	if _, err := apps.Deployments("keys").Create(ctx, appsDeployment("web"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := apps.ReplicaSets("keys").Create(ctx, appsReplicaSet("front"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := apps.StatefulSets("keys").Create(ctx, appsStatefulSet("db"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := apps.DaemonSets("keys").Create(ctx, appsDaemonSet("agent"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := apps.ControllerRevisions("keys").Create(ctx, &appsv1.ControllerRevision{
		ObjectMeta: metav1.ObjectMeta{Name: "db-1"}, Data: runtime.RawExtension{Raw: []byte(`{}`)}, Revision: 1,
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	stored := []struct {
		key  string
		into runtime.Object
		kind string
	}{
		{"/registry/deployments/keys/web", &appsv1.Deployment{}, "Deployment"},
		{"/registry/replicasets/keys/front", &appsv1.ReplicaSet{}, "ReplicaSet"},
		{"/registry/statefulsets/keys/db", &appsv1.StatefulSet{}, "StatefulSet"},
		{"/registry/daemonsets/keys/agent", &appsv1.DaemonSet{}, "DaemonSet"},
		{"/registry/controllerrevisions/keys/db-1", &appsv1.ControllerRevision{}, "ControllerRevision"},
	}
	for _, s := range stored {
		readEtcd(t, ctx, etcdClient, s.key, s.into)
		if gvk := s.into.GetObjectKind().GroupVersionKind(); gvk != appsv1.SchemeGroupVersion.WithKind(s.kind) {
			t.Errorf("%s holds %s, want apps/v1 %s", s.key, gvk, s.kind)
		}
	}
	resp, err := etcdClient.Get(ctx, "/registry/deployments/keys/web")
	if err != nil {
		t.Fatal(err)
	}
	// kube-apiserver stores protobuf, which starts with the magic "k8s\0".
	if v := resp.Kvs[0].Value; len(v) < 4 || string(v[:4]) != "k8s\x00" {
		t.Errorf("deployment stored as %q..., want protobuf", v[:min(len(v), 16)])
	}
}

func TestAppsDiscovery(t *testing.T) {
	list, err := jsonClient(t).Discovery().ServerResourcesForGroupVersion("apps/v1")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range list.APIResources {
		kind := r.Kind
		if r.Group != "" {
			kind = r.Group + "/" + r.Version + "." + r.Kind
		}
		got[r.Name] = strings.Join([]string{kind, strings.Join(r.Verbs, ","), strings.Join(r.ShortNames, ","), strings.Join(r.Categories, ",")}, " ")
	}
	all := "create,delete,deletecollection,get,list,patch,update,watch"
	want := map[string]string{
		"controllerrevisions": "ControllerRevision " + all + "  ",
		"daemonsets":          "DaemonSet " + all + " ds all",
		"daemonsets/status":   "DaemonSet get,patch,update  ",
		"deployments":         "Deployment " + all + " deploy all",
		"deployments/scale":   "autoscaling/v1.Scale get,patch,update  ",
		"deployments/status":  "Deployment get,patch,update  ",
		"replicasets":         "ReplicaSet " + all + " rs all",
		"replicasets/scale":   "autoscaling/v1.Scale get,patch,update  ",
		"replicasets/status":  "ReplicaSet get,patch,update  ",
		"statefulsets":        "StatefulSet " + all + " sts all",
		"statefulsets/scale":  "autoscaling/v1.Scale get,patch,update  ",
		"statefulsets/status": "StatefulSet get,patch,update  ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("apps/v1 discovery =\n%v\nwant\n%v", got, want)
	}
}

func TestAppsServerSideApplyResetFields(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "apps-ssa")
	deployments := client.AppsV1().Deployments("apps-ssa")
	force := true
	apply := func(body string, subresources ...string) *appsv1.Deployment {
		t.Helper()
		d, err := deployments.Patch(ctx, "web", types.ApplyPatchType, []byte(body), metav1.PatchOptions{FieldManager: "ctl", Force: &force}, subresources...)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	d := apply(`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
		"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}},
		"status":{"replicas":4}}`)
	if d.Status.Replicas != 0 {
		t.Errorf("status.replicas = %d after applying the main resource, want it dropped", d.Status.Replicas)
	}
	for _, m := range d.ManagedFields {
		if strings.Contains(string(m.FieldsV1.Raw), `"f:status"`) {
			t.Errorf("manager %s owns status through the main resource: %s", m.Manager, m.FieldsV1.Raw)
		}
	}

	d = apply(`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"via":"status"}},"spec":{"replicas":7},"status":{"replicas":4}}`, "status")
	if d.Status.Replicas != 4 || *d.Spec.Replicas != 1 || d.Labels["via"] != "" {
		t.Errorf("after applying status: status.replicas %d, spec.replicas %d, labels %v; want 4, the stored 1, no new label", d.Status.Replicas, *d.Spec.Replicas, d.Labels)
	}
	for _, m := range d.ManagedFields {
		if m.Subresource == "status" && (strings.Contains(string(m.FieldsV1.Raw), `"f:spec"`) || strings.Contains(string(m.FieldsV1.Raw), `"f:labels"`)) {
			t.Errorf("the status manager owns spec or labels: %s", m.FieldsV1.Raw)
		}
	}
}

func TestAppsFieldSelectors(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "apps-fields")
	rss := client.AppsV1().ReplicaSets("apps-fields")
	for _, name := range []string{"a", "b"} {
		if _, err := rss.Create(ctx, appsReplicaSet(name), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	list, err := rss.List(ctx, metav1.ListOptions{FieldSelector: "metadata.name=b,metadata.namespace=apps-fields"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].Name != "b" {
		t.Errorf("metadata.name=b selected %d replica sets, want only b", len(list.Items))
	}
	// apps/v1 registers no field labels of its own, so status.replicas is refused as for deployments.
	_, err = rss.List(ctx, metav1.ListOptions{FieldSelector: "status.replicas=0"})
	if !apierrors.IsBadRequest(err) || !strings.Contains(err.Error(), `"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"`) {
		t.Errorf("status.replicas selector: %v, want a 400 naming the known field selectors", err)
	}
}

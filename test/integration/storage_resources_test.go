package integration

import (
	"context"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestPersistentVolumesAndClaims(t *testing.T) {
	ctx := context.Background()
	client := protobufClient(t)
	createNamespace(t, client, "pvc")

	pv, err := client.CoreV1().PersistentVolumes().Create(ctx, &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: "disk-1"},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:               corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("5Gi")},
			AccessModes:            []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce, corev1.ReadOnlyMany},
			PersistentVolumeSource: corev1.PersistentVolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/data/disk-1"}},
			StorageClassName:       "manual",
		},
		Status: corev1.PersistentVolumeStatus{Phase: corev1.VolumeBound},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if pv.Namespace != "" || pv.Spec.PersistentVolumeReclaimPolicy != corev1.PersistentVolumeReclaimRetain ||
		pv.Spec.VolumeMode == nil || *pv.Spec.VolumeMode != corev1.PersistentVolumeFilesystem {
		t.Errorf("defaults: namespace %q, reclaim policy %q, volume mode %v; want cluster-scoped, Retain, Filesystem",
			pv.Namespace, pv.Spec.PersistentVolumeReclaimPolicy, pv.Spec.VolumeMode)
	}
	if pv.Status.Phase != corev1.VolumePending || pv.Status.LastPhaseTransitionTime == nil {
		t.Errorf("status = %+v, want Pending with a transition time: creates ignore the status", pv.Status)
	}

	pv.Status.Phase = corev1.VolumeAvailable
	if pv, err = client.CoreV1().PersistentVolumes().UpdateStatus(ctx, pv, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if pv.Status.Phase != corev1.VolumeAvailable {
		t.Errorf("phase after a status write = %q, want Available", pv.Status.Phase)
	}
	moved := pv.DeepCopy()
	moved.Spec.HostPath.Path = "/elsewhere"
	_, err = client.CoreV1().PersistentVolumes().Update(ctx, moved, metav1.UpdateOptions{})
	expectInvalidCause(t, err, "spec.persistentvolumesource", metav1.CauseTypeForbidden, "spec.persistentvolumesource is immutable after creation")

	_, err = client.CoreV1().PersistentVolumes().Create(ctx, &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: "nothing"},
		Spec:       corev1.PersistentVolumeSpec{AccessModes: []corev1.PersistentVolumeAccessMode{"Sometimes"}},
	}, metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec", metav1.CauseTypeFieldValueRequired, "must specify a volume type")
	expectInvalidCause(t, err, "spec.capacity", metav1.CauseTypeFieldValueRequired, "")
	expectInvalidCause(t, err, "spec.accessModes", metav1.CauseTypeFieldValueNotSupported, `supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"`)

	claims := client.CoreV1().PersistentVolumeClaims("pvc")
	pvc, err := claims.Create(ctx, &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Name: "data"},
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}},
		},
		Status: corev1.PersistentVolumeClaimStatus{Phase: corev1.ClaimBound},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if pvc.Status.Phase != corev1.ClaimPending || pvc.Spec.VolumeMode == nil || *pvc.Spec.VolumeMode != corev1.PersistentVolumeFilesystem {
		t.Errorf("phase %q, volume mode %v; want Pending and Filesystem", pvc.Status.Phase, pvc.Spec.VolumeMode)
	}

	grown := pvc.DeepCopy()
	grown.Spec.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}
	_, err = claims.Update(ctx, grown, metav1.UpdateOptions{})
	expectInvalidCause(t, err, "spec", metav1.CauseTypeForbidden, "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims")

	bound := pvc.DeepCopy()
	bound.Spec.VolumeName = "disk-1"
	if pvc, err = claims.Update(ctx, bound, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("binding a claim to a volume once is allowed: %v", err)
	}
	pvc.Status = corev1.PersistentVolumeClaimStatus{
		Phase:       corev1.ClaimBound,
		AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce, corev1.ReadOnlyMany},
		Capacity:    corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("5Gi")},
	}
	if _, err = claims.UpdateStatus(ctx, pvc, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}

	_, err = claims.Create(ctx, &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: "empty"}}, metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.accessModes", metav1.CauseTypeFieldValueRequired, "at least 1 access mode is required")
	expectInvalidCause(t, err, "spec.resources[storage]", metav1.CauseTypeFieldValueRequired, "")

	cols, rows := tableCells(t, "/api/v1/persistentvolumes", "metadata.name=disk-1")
	wantCols := []string{"Name", "Capacity", "Access Modes", "Reclaim Policy", "Status", "Claim", "StorageClass", "VolumeAttributesClass", "Reason", "Age", "VolumeMode"}
	if !reflect.DeepEqual(cols, wantCols) {
		t.Errorf("pv columns = %v, want %v", cols, wantCols)
	}
	if len(rows) != 1 || !reflect.DeepEqual(rows[0][:9], []string{"disk-1", "5Gi", "RWO,ROX", "Retain", "Available", "", "manual", "<unset>", ""}) || rows[0][10] != "Filesystem" {
		t.Errorf("pv rows = %v", rows)
	}
	cols, rows = tableCells(t, "/api/v1/namespaces/pvc/persistentvolumeclaims", "")
	wantCols = []string{"Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass", "VolumeAttributesClass", "Age", "VolumeMode"}
	if !reflect.DeepEqual(cols, wantCols) {
		t.Errorf("pvc columns = %v, want %v", cols, wantCols)
	}
	if len(rows) != 1 || !reflect.DeepEqual(rows[0][:7], []string{"data", "Bound", "disk-1", "5Gi", "RWO,ROX", "", "<unset>"}) {
		t.Errorf("pvc rows = %v", rows)
	}
}

func TestResourceQuotaStatusAndLimitRangeDefaults(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "quota")

	quotas := client.CoreV1().ResourceQuotas("quota")
	q, err := quotas.Create(ctx, &corev1.ResourceQuota{
		ObjectMeta: metav1.ObjectMeta{Name: "compute"},
		Spec: corev1.ResourceQuotaSpec{Hard: corev1.ResourceList{
			corev1.ResourcePods: resource.MustParse("10"), corev1.ResourceLimitsCPU: resource.MustParse("4"),
		}},
		Status: corev1.ResourceQuotaStatus{Used: corev1.ResourceList{corev1.ResourcePods: resource.MustParse("99")}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Status.Used) != 0 {
		t.Errorf("status on create = %+v, want it dropped", q.Status)
	}
	// The resourcequota controller fills the status in, and admission then charges the pods.
	waitQuotaUsed(t, client, "quota", "compute", quotaList("pods", "0", "limits.cpu", "0"))
	waitQuotaEnforced(t, client, "quota")
	for _, name := range []string{"a", "b"} {
		p := simplePod(name, "nginx:1.27")
		p.Spec.Containers[0].Resources.Limits = quotaList("cpu", "250m")
		if _, err := client.CoreV1().Pods("quota").Create(ctx, p, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	waitQuotaUsed(t, client, "quota", "compute", quotaList("pods", "2", "limits.cpu", "500m"))
	if q, err = quotas.Get(ctx, "compute", metav1.GetOptions{}); err != nil {
		t.Fatal(err)
	}
	q.Spec.Scopes = []corev1.ResourceQuotaScope{corev1.ResourceQuotaScopeBestEffort}
	_, err = quotas.Update(ctx, q, metav1.UpdateOptions{})
	expectInvalidCause(t, err, "spec.scopes", metav1.CauseTypeFieldValueInvalid, "field is immutable")

	_, err = quotas.Create(ctx, &corev1.ResourceQuota{
		ObjectMeta: metav1.ObjectMeta{Name: "bad"},
		Spec:       corev1.ResourceQuotaSpec{Hard: corev1.ResourceList{"widgets": resource.MustParse("1")}},
	}, metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.hard[widgets]", metav1.CauseTypeFieldValueInvalid, "must be a standard resource type or fully qualified")

	cols, rows := tableCells(t, "/api/v1/namespaces/quota/resourcequotas", "")
	if want := []string{"Name", "Age", "Request", "Limit"}; !reflect.DeepEqual(cols, want) {
		t.Errorf("quota columns = %v, want %v", cols, want)
	}
	if len(rows) != 2 || rows[1][0] != "compute" || rows[1][2] != "pods: 2/10" || rows[1][3] != "limits.cpu: 500m/4" {
		t.Errorf("quota rows = %v, want pods under REQUEST and limits.cpu under LIMIT", rows)
	}

	lr, err := client.CoreV1().LimitRanges("quota").Create(ctx, &corev1.LimitRange{
		ObjectMeta: metav1.ObjectMeta{Name: "limits"},
		Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{{
			Type: corev1.LimitTypeContainer,
			Max:  corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("2")},
			Min:  corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("64Mi")},
		}}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	item := lr.Spec.Limits[0]
	if got := item.Default[corev1.ResourceCPU]; got.String() != "2" {
		t.Errorf("default cpu = %s, want max 2", got.String())
	}
	if got := item.DefaultRequest[corev1.ResourceCPU]; got.String() != "2" {
		t.Errorf("default request cpu = %s, want the default 2", got.String())
	}
	if got := item.DefaultRequest[corev1.ResourceMemory]; got.String() != "64Mi" {
		t.Errorf("default request memory = %s, want min 64Mi", got.String())
	}
	_, err = client.CoreV1().LimitRanges("quota").Create(ctx, &corev1.LimitRange{
		ObjectMeta: metav1.ObjectMeta{Name: "inverted"},
		Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{{
			Type: corev1.LimitTypePod,
			Max:  corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1")},
			Min:  corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("2")},
		}}},
	}, metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.limits[0].min[cpu]", metav1.CauseTypeFieldValueInvalid, "min value 2 is greater than max value 1")

	cols, rows = tableCells(t, "/api/v1/namespaces/quota/limitranges", "")
	if want := []string{"Name", "Created At"}; !reflect.DeepEqual(cols, want) || len(rows) != 1 || rows[0][1] != lr.CreationTimestamp.UTC().Format("2006-01-02T15:04:05Z") {
		t.Errorf("limitrange table = %v %v, want NAME and the creation timestamp %s", cols, rows, lr.CreationTimestamp.UTC())
	}
}

func TestPodTemplates(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "templates")
	templates := client.CoreV1().PodTemplates("templates")
	tpl, err := templates.Create(ctx, &corev1.PodTemplate{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Template: corev1.PodTemplateSpec{
			ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
			Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "nginx", Image: "nginx:1.27"}}},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := tpl.Template.Spec.Containers[0]
	if tpl.Generation != 1 || c.ImagePullPolicy != corev1.PullIfNotPresent || tpl.Template.Spec.RestartPolicy != corev1.RestartPolicyAlways {
		t.Errorf("generation %d, pull policy %q, restart policy %q; want 1 and the pod defaults", tpl.Generation, c.ImagePullPolicy, tpl.Template.Spec.RestartPolicy)
	}
	tpl.Template.Spec.Containers[0].Image = "nginx:1.28"
	if tpl, err = templates.Update(ctx, tpl, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if tpl.Generation != 2 {
		t.Errorf("generation after a template change = %d, want 2", tpl.Generation)
	}
	_, err = templates.Create(ctx, &corev1.PodTemplate{ObjectMeta: metav1.ObjectMeta{Name: "empty"}}, metav1.CreateOptions{})
	expectInvalidCause(t, err, "template.spec.containers", metav1.CauseTypeFieldValueRequired, "")

	cols, rows := tableCells(t, "/api/v1/namespaces/templates/podtemplates", "")
	if want := []string{"Name", "Containers", "Images", "Pod Labels"}; !reflect.DeepEqual(cols, want) {
		t.Errorf("columns = %v, want %v", cols, want)
	}
	if want := [][]string{{"web", "nginx", "nginx:1.28", "app=web"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("rows = %v, want %v", rows, want)
	}
}

func TestDiscoveryShortNames(t *testing.T) {
	client := jsonClient(t)
	want := map[string][]string{
		"configmaps": {"cm"}, "persistentvolumes": {"pv"}, "persistentvolumeclaims": {"pvc"}, "events": {"ev"},
		"limitranges": {"limits"}, "resourcequotas": {"quota"}, "secrets": nil, "podtemplates": nil,
	}
	namespaced := map[string]bool{"persistentvolumes": false}
	list, err := client.Discovery().ServerResourcesForGroupVersion("v1")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range list.APIResources {
		short, ok := want[r.Name]
		if !ok {
			continue
		}
		seen[r.Name] = true
		if !reflect.DeepEqual(r.ShortNames, short) {
			t.Errorf("%s short names = %v, want %v", r.Name, r.ShortNames, short)
		}
		wantNamespaced, set := namespaced[r.Name]
		if !set {
			wantNamespaced = true
		}
		if r.Namespaced != wantNamespaced {
			t.Errorf("%s namespaced = %v, want %v", r.Name, r.Namespaced, wantNamespaced)
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("discovery does not list %s", name)
		}
	}
	for _, gv := range []string{"events.k8s.io/v1", "coordination.k8s.io/v1"} {
		if _, err := client.Discovery().ServerResourcesForGroupVersion(gv); err != nil {
			t.Errorf("%s is not served: %v", gv, err)
		}
	}
}

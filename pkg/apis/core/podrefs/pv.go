package podrefs

import corev1 "k8s.io/api/core/v1"

// PVSecretVisitor is called with each secret a persistent volume names; kubeletVisible says whether
// the kubelet reads it (CSI controller-side secrets it does not). Returning false stops the walk.
type PVSecretVisitor func(namespace, name string, kubeletVisible bool) bool

// PVSecrets calls visit with every secret pv names. A reference without a namespace means the
// namespace of the claim bound to pv, as the volume plugins resolve it.
func PVSecrets(pv *corev1.PersistentVolume, visit PVSecretVisitor) bool {
	claimNamespace := ""
	if pv.Spec.ClaimRef != nil {
		claimNamespace = pv.Spec.ClaimRef.Namespace
	}
	inClaimNamespace := func(namespace string) string {
		if namespace != "" {
			return namespace
		}
		return claimNamespace
	}
	secretRef := func(r *corev1.SecretReference) bool {
		return r == nil || visit(inClaimNamespace(r.Namespace), r.Name, true)
	}
	s := &pv.Spec.PersistentVolumeSource
	switch {
	case s.AzureFile != nil:
		namespace := claimNamespace
		if s.AzureFile.SecretNamespace != nil && *s.AzureFile.SecretNamespace != "" {
			namespace = *s.AzureFile.SecretNamespace
		}
		return s.AzureFile.SecretName == "" || visit(namespace, s.AzureFile.SecretName, true)
	case s.CephFS != nil:
		return secretRef(s.CephFS.SecretRef)
	case s.Cinder != nil:
		return secretRef(s.Cinder.SecretRef)
	case s.FlexVolume != nil:
		return secretRef(s.FlexVolume.SecretRef)
	case s.RBD != nil:
		return secretRef(s.RBD.SecretRef)
	case s.ScaleIO != nil:
		return secretRef(s.ScaleIO.SecretRef)
	case s.ISCSI != nil:
		return secretRef(s.ISCSI.SecretRef)
	case s.StorageOS != nil:
		r := s.StorageOS.SecretRef
		return r == nil || visit(inClaimNamespace(r.Namespace), r.Name, true)
	case s.CSI != nil:
		for _, r := range []struct {
			ref            *corev1.SecretReference
			kubeletVisible bool
		}{
			{s.CSI.ControllerPublishSecretRef, false},
			{s.CSI.NodePublishSecretRef, true},
			{s.CSI.ControllerExpandSecretRef, false},
			{s.CSI.NodeStageSecretRef, true},
			{s.CSI.NodeExpandSecretRef, true},
		} {
			if r.ref != nil && !visit(r.ref.Namespace, r.ref.Name, r.kubeletVisible) {
				return false
			}
		}
	}
	return true
}

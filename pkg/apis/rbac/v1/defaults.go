/*
Copyright The kapi Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package v1

import (
	rbacv1 "k8s.io/api/rbac/v1"
)

// SetDefaults_ClusterRoleBinding points a roleRef without an apiGroup at rbac.authorization.k8s.io,
// the only group roles live in.
func SetDefaults_ClusterRoleBinding(obj *rbacv1.ClusterRoleBinding) {
	if obj.RoleRef.APIGroup == "" {
		obj.RoleRef.APIGroup = rbacv1.GroupName
	}
}

// SetDefaults_RoleBinding points a roleRef without an apiGroup at rbac.authorization.k8s.io.
func SetDefaults_RoleBinding(obj *rbacv1.RoleBinding) {
	if obj.RoleRef.APIGroup == "" {
		obj.RoleRef.APIGroup = rbacv1.GroupName
	}
}

// SetDefaults_Subject gives User and Group subjects the rbac.authorization.k8s.io apiGroup that
// validation requires of them; ServiceAccount subjects stay in the core group.
func SetDefaults_Subject(obj *rbacv1.Subject) {
	if obj.APIGroup != "" {
		return
	}
	if obj.Kind == rbacv1.UserKind || obj.Kind == rbacv1.GroupKind {
		obj.APIGroup = rbacv1.GroupName
	}
}
